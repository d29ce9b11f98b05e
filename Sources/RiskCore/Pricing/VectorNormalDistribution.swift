/// The standard normal CDF over eight lanes, to about 1e-15 relative, tails included.
///
/// W. J. Cody's rational approximations of erf and erfc (Math. Comp. 23, 1969; the
/// coefficients of his CALERF), evaluated for N(x) = erfc(-x / sqrt 2) / 2. The Gaussian
/// factor exp(-x^2/2) is formed from x directly, split at a multiple of 1/16 so the square
/// is exact: dividing by sqrt 2 first would cost relative accuracy in the far tails.
/// Branches become lane masks; a branch no lane needs is skipped.
public enum VectorNormalDistribution {
    public typealias Lanes = SIMD8<Double>

    // Cody's coefficients are written into the Horner steps below: literals, not array loads.
    @usableFromInline static var inverseSquareRootPi: Double { 5.6418958354775628695e-1 }
    @usableFromInline static var inverseSquareRootTwo: Double { 0.707_106_781_186_547_524_400_844_362_104_849_039 }
    /// Cody's split between the erf and erfc forms, in units of x / sqrt 2.
    @usableFromInline static var threshold: Double { 0.46875 }

    @inlinable
    public static func cdf(_ x: Lanes) -> Lanes {
        let ax = x.replacing(with: -x, where: x .< 0)
        let y = ax * inverseSquareRootTwo
        let central = y .<= Lanes(repeating: threshold)
        let far = y .> Lanes(repeating: 4)
        let middle = .!central .& .!far
        var result = Lanes(repeating: 0)

        if any(central) {
            // N = (1 + erf(x / sqrt 2)) / 2 with erf from A(y^2) / B(y^2).
            let z = x * inverseSquareRootTwo
            let zz = z * z
            var numerator = 1.85777706184603153e-1 * zz
            var denominator = zz
            numerator = (numerator + 3.16112374387056560e00) * zz
            denominator = (denominator + 2.36012909523441209e01) * zz
            numerator = (numerator + 1.13864154151050156e02) * zz
            denominator = (denominator + 2.44024637934444173e02) * zz
            numerator = (numerator + 3.77485237685302021e02) * zz
            denominator = (denominator + 1.28261652607737228e03) * zz
            let erf = z * (numerator + 3.20937758913846947e03) / (denominator + 2.84423683343917062e03)
            result.replace(with: 0.5 + 0.5 * erf, where: central)
        }
        if any(middle) || any(far) {
            // erfc(y) = exp(-y^2) R(y); exp(-y^2) = exp(-x^2 / 2) from x split at a multiple of 1/16.
            // The nearest multiple of 1/16: its square is exact, and ax - head is exact.
            let head = VectorMath.roundToInteger(ax * 16) * 0.0625
            let gaussian = VectorMath.exp(-0.5 * head * head, plus: -0.5 * (ax - head) * (ax + head))
            var rational = Lanes(repeating: 0)
            if any(middle) {
                // Only lanes in the middle range are kept; others get a harmless y.
                let ym = y.replacing(with: 1, where: .!middle)
                var numerator = 2.15311535474403846e-8 * ym
                var denominator = ym
                numerator = (numerator + 5.64188496988670089e-1) * ym
                denominator = (denominator + 1.57449261107098347e01) * ym
                numerator = (numerator + 8.88314979438837594e00) * ym
                denominator = (denominator + 1.17693950891312499e02) * ym
                numerator = (numerator + 6.61191906371416295e01) * ym
                denominator = (denominator + 5.37181101862009858e02) * ym
                numerator = (numerator + 2.98635138197400131e02) * ym
                denominator = (denominator + 1.62138957456669019e03) * ym
                numerator = (numerator + 8.81952221241769090e02) * ym
                denominator = (denominator + 3.29079923573345963e03) * ym
                numerator = (numerator + 1.71204761263407058e03) * ym
                denominator = (denominator + 4.36261909014324716e03) * ym
                numerator = (numerator + 2.05107837782607147e03) * ym
                denominator = (denominator + 3.43936767414372164e03) * ym
                rational.replace(with: (numerator + 1.23033935479799725e03) / (denominator + 1.23033935480374942e03), where: middle)
            }
            if any(far) {
                let yf = y.replacing(with: 5, where: .!far)
                let inverseSquare = 1 / (yf * yf)
                var numerator = 1.63153871373020978e-2 * inverseSquare
                var denominator = inverseSquare
                numerator = (numerator + 3.05326634961232344e-1) * inverseSquare
                denominator = (denominator + 2.56852019228982242e00) * inverseSquare
                numerator = (numerator + 3.60344899949804439e-1) * inverseSquare
                denominator = (denominator + 1.87295284992346725e00) * inverseSquare
                numerator = (numerator + 1.25781726111229246e-1) * inverseSquare
                denominator = (denominator + 5.27905102951428412e-1) * inverseSquare
                numerator = (numerator + 1.60837851487422766e-2) * inverseSquare
                denominator = (denominator + 6.05183413124413191e-2) * inverseSquare
                let series = inverseSquare * (numerator + 6.58749161529837803e-4) / (denominator + 2.33520497626869185e-3)
                rational.replace(with: (inverseSquareRootPi - series) / yf, where: far)
            }
            // Half of erfc(|x| / sqrt 2): the lower tail N(-|x|).
            let tail = 0.5 * gaussian * rational
            let tailLanes = middle .| far
            result.replace(with: tail, where: tailLanes .& (x .< 0))
            result.replace(with: 1 - tail, where: tailLanes .& (x .>= 0))
        }
        return result
    }
}
