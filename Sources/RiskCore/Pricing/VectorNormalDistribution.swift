/// The standard normal CDF over eight lanes, to about 1e-15 relative, tails included.
///
/// W. J. Cody's rational approximations of erf and erfc (Math. Comp. 23, 1969; the
/// coefficients of his CALERF), evaluated for N(x) = erfc(-x / sqrt 2) / 2. The Gaussian
/// factor exp(-x^2/2) is formed from x directly, split at a multiple of 1/16 so the square
/// is exact: dividing by sqrt 2 first would cost relative accuracy in the far tails.
///
/// Lanes in the three ranges of x need three different forms; all three are evaluated as
/// numerator and denominator, chosen per lane, and divided once. Divisions, not additions,
/// bound the speed of vector code: the whole CDF has one, and `Fraction` lets two CDFs
/// (N(d1) and N(d2) of Black-76) share it.
public enum VectorNormalDistribution {
    public typealias Lanes = SIMD8<Double>

    // Cody's coefficients are written into the Horner steps below: literals, not array loads.
    @usableFromInline static var inverseSquareRootPi: Double { 5.6418958354775628695e-1 }
    @usableFromInline static var inverseSquareRootTwo: Double { 0.707_106_781_186_547_524_400_844_362_104_849_039 }
    /// Cody's split between the erf and erfc forms, in units of x / sqrt 2.
    @usableFromInline static var threshold: Double { 0.46875 }

    /// N(x) = offset + scale x numerator / denominator, lane by lane, the division left to the caller.
    public struct Fraction: Sendable {
        public var numerator: Lanes
        public var denominator: Lanes
        public var offset: Lanes
        public var scale: Lanes

        @inlinable
        public init(numerator: Lanes, denominator: Lanes, offset: Lanes, scale: Lanes) {
            self.numerator = numerator
            self.denominator = denominator
            self.offset = offset
            self.scale = scale
        }

        @inlinable
        public var value: Lanes { offset + scale * (numerator / denominator) }
    }

    @inlinable
    public static func cdf(_ x: Lanes) -> Lanes {
        fraction(x, gaussian: gaussian(x)).value
    }

    /// exp(-x^2 / 2), with x split at the nearest multiple of 1/16: its square is exact, and
    /// so is x minus it.
    @_transparent
    public static func gaussian(_ x: Lanes) -> Lanes {
        let ax = x.replacing(with: -x, where: x .< 0)
        let head = VectorMath.roundToInteger(ax * 16) * 0.0625
        return VectorMath.exp(-0.5 * head * head, plus: -0.5 * (ax - head) * (ax + head))
    }

    /// N(x) as a fraction, given exp(-x^2 / 2) (`gaussian(x)`, or a factor the caller derived
    /// more cheaply). Central lanes, |x| / sqrt 2 <= 0.46875: (1 + erf) / 2 with erf = z A(z^2) / B(z^2).
    /// Middle lanes, up to 4: erfc = exp(-y^2) P(y) / Q(y). Far lanes: Cody's asymptotic form
    /// erfc = exp(-y^2) (1/sqrt(pi) - z P(z) / Q(z)) / y in z = 1 / y^2, multiplied through by
    /// y^12 so that it too is a polynomial ratio, in w = y^2, without a division of its own.
    @_transparent
    public static func fraction(_ x: Lanes, gaussian: Lanes) -> Fraction {
        let ax = x.replacing(with: -x, where: x .< 0)
        var y = ax * inverseSquareRootTwo
        // Past y = 30 the Gaussian factor is 0; the clamp keeps y^12 finite.
        y.replace(with: 30, where: y .> 30)
        let central = y .<= Lanes(repeating: threshold)
        let far = y .> Lanes(repeating: 4)

        // Central: erf(z) = z A(z^2) / B(z^2), z = x / sqrt 2 (sign kept).
        let z = x.replacing(with: 0, where: .!central) * inverseSquareRootTwo
        let zz = z * z
        var centralNumerator = 1.85777706184603153e-1 * zz
        var centralDenominator = zz
        centralNumerator = (centralNumerator + 3.16112374387056560e00) * zz
        centralDenominator = (centralDenominator + 2.36012909523441209e01) * zz
        centralNumerator = (centralNumerator + 1.13864154151050156e02) * zz
        centralDenominator = (centralDenominator + 2.44024637934444173e02) * zz
        centralNumerator = (centralNumerator + 3.77485237685302021e02) * zz
        centralDenominator = (centralDenominator + 1.28261652607737228e03) * zz
        centralNumerator = z * (centralNumerator + 3.20937758913846947e03)
        centralDenominator = centralDenominator + 2.84423683343917062e03

        // Middle: erfc(y) = exp(-y^2) P(y) / Q(y).
        var numerator = 2.15311535474403846e-8 * y
        var denominator = y
        numerator = (numerator + 5.64188496988670089e-1) * y
        denominator = (denominator + 1.57449261107098347e01) * y
        numerator = (numerator + 8.88314979438837594e00) * y
        denominator = (denominator + 1.17693950891312499e02) * y
        numerator = (numerator + 6.61191906371416295e01) * y
        denominator = (denominator + 5.37181101862009858e02) * y
        numerator = (numerator + 2.98635138197400131e02) * y
        denominator = (denominator + 1.62138957456669019e03) * y
        numerator = (numerator + 8.81952221241769090e02) * y
        denominator = (denominator + 3.29079923573345963e03) * y
        numerator = (numerator + 1.71204761263407058e03) * y
        denominator = (denominator + 4.36261909014324716e03) * y
        numerator = (numerator + 2.05107837782607147e03) * y
        denominator = (denominator + 3.43936767414372164e03) * y
        numerator = numerator + 1.23033935479799725e03
        denominator = denominator + 1.23033935480374942e03

        if any(far) {
            // Far: with z = 1/w, w = y^2, Cody's z P(z) / Q(z) is B(w) / (w A(w)), where
            // A(w) = w^5 Q(1/w) and B(w) = w^5 P(1/w), so erfc = exp(-y^2) (w A / sqrt(pi) - B) / (y w A).
            let w = y * y
            var a = 2.33520497626869185e-3 * w + 6.05183413124413191e-2
            a = a * w + 5.27905102951428412e-1
            a = a * w + 1.87295284992346725e00
            a = a * w + 2.56852019228982242e00
            a = a * w + 1
            var b = 6.58749161529837803e-4 * w + 1.60837851487422766e-2
            b = b * w + 1.25781726111229246e-1
            b = b * w + 3.60344899949804439e-1
            b = b * w + 3.05326634961232344e-1
            b = b * w + 1.63153871373020978e-2
            let wa = w * a
            numerator.replace(with: wa * inverseSquareRootPi - b, where: far)
            denominator.replace(with: y * wa, where: far)
        }

        // Tail lanes: N(-|x|) = erfc(|x| / sqrt 2) / 2, and N(|x|) is one minus it.
        let negative = x .< 0
        var offset = Lanes(repeating: 1)
        offset.replace(with: 0, where: negative)
        var scale = Lanes(repeating: -0.5)
        scale.replace(with: 0.5, where: negative)
        numerator *= gaussian
        numerator.replace(with: centralNumerator, where: central)
        denominator.replace(with: centralDenominator, where: central)
        offset.replace(with: 0.5, where: central)
        scale.replace(with: 0.5, where: central)
        return Fraction(numerator: numerator, denominator: denominator, offset: offset, scale: scale)
    }
}
