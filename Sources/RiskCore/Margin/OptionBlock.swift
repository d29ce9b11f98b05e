/// Eight options in structure-of-arrays form, reduced to the constants their revaluation
/// needs, for the vector path of the scenario engine. Unused lanes have size 0 and harmless
/// inputs.
///
/// The pricing code is `@inlinable` and its helpers transparent, so a module built for wider
/// vector units (`ScenarioKernel`) compiles the same source into its own instructions. Every
/// step is a plain IEEE operation in a fixed order (Swift does not fuse or reorder them), so
/// each build gives the same bits.
public struct OptionBlock: Sendable {
    public typealias Lanes = SIMD8<Double>

    @usableFromInline var size = Lanes(repeating: 0)
    /// +1 call, -1 put.
    @usableFromInline var sign = Lanes(repeating: 1)
    @usableFromInline var forward = Lanes(repeating: 1)
    @usableFromInline var strike = Lanes(repeating: 1)
    @usableFromInline var logMoneyness = Lanes(repeating: 0)
    @usableFromInline var sqrtTime = Lanes(repeating: 1)
    @usableFromInline var discount = Lanes(repeating: 1)
    @usableFromInline var volatility = Lanes(repeating: 1)
    /// 1 / (volatility x sqrt T): d1 without a division per scenario.
    @usableFromInline var inverseDeviation = Lanes(repeating: 1)
    /// F / K and K / F: the second Gaussian factor from the first (F n(d1) = K n(d2)).
    @usableFromInline var forwardOverStrike = Lanes(repeating: 1)
    @usableFromInline var strikeOverForward = Lanes(repeating: 1)
    @usableFromInline var mark = Lanes(repeating: 0)
    @usableFromInline var expired = SIMDMask<SIMD8<Int64>>(repeating: false)

    init() {}

    /// The options packed eight to a block.
    static func blocks(_ options: [ScenarioEngine.OptionTerms]) -> [OptionBlock] {
        stride(from: 0, to: options.count, by: 8).map { start in
            var block = OptionBlock()
            for (lane, terms) in options[start..<min(start + 8, options.count)].enumerated() {
                block.size[lane] = terms.size
                block.sign[lane] = terms.sign
                block.forward[lane] = terms.forward
                block.strike[lane] = terms.strike
                block.logMoneyness[lane] = terms.logMoneyness
                block.sqrtTime[lane] = terms.sqrtTime
                block.discount[lane] = terms.discount
                block.volatility[lane] = terms.volatility
                block.inverseDeviation[lane] = 1 / (terms.volatility * terms.sqrtTime)
                block.forwardOverStrike[lane] = terms.forward / terms.strike
                block.strikeOverForward[lane] = terms.strike / terms.forward
                block.mark[lane] = terms.mark
                block.expired[lane] = terms.expired
            }
            return block
        }
    }

    /// Sum over the blocks of size x (price under the scenario - mark), the lanes added in a
    /// fixed order.
    @_transparent
    public static func pnl(_ blocks: [OptionBlock], _ factors: ScenarioFactors) -> Double {
        var sum = Lanes(repeating: 0)
        for block in blocks {
            sum += block.size * (block.prices(factors) - block.mark)
        }
        return ((sum[0] + sum[1]) + (sum[2] + sum[3])) + ((sum[4] + sum[5]) + (sum[6] + sum[7]))
    }

    /// Black-76 over the block: the scalar `ScenarioEngine.price` lane by lane, branches as
    /// masks, and one vector division. d1 comes from 1 / (sigma sqrt T) and the scenario's
    /// 1 / (1 + volShock); one exp serves both N(d1) and N(d2), since F n(d1) = K n(d2): it is
    /// taken at whichever of d1, d2 is nearer 0, and the other Gaussian factor is it times F/K
    /// or K/F. The two CDFs' fractions share the division.
    @_transparent
    public func prices(_ factors: ScenarioFactors) -> Lanes {
        let forward = self.forward * factors.spot
        let standardDeviation = volatility * factors.vol * sqrtTime
        var intrinsic = sign * (forward - strike)
        intrinsic.replace(with: 0, where: intrinsic .< 0)
        let degenerate = standardDeviation .< Black76.minimumStandardDeviation
        let live = .!expired .& .!degenerate
        let deviation = standardDeviation.replacing(with: 1, where: .!live)
        let inverse = (inverseDeviation * factors.inverseVol).replacing(with: 1, where: .!live)
        let d1 = (logMoneyness + factors.logSpot) * inverse + 0.5 * deviation
        let d2 = d1 - deviation
        let firstNearer = d1 * d1 .<= d2 * d2
        let gaussian = VectorNormalDistribution.gaussian(d1.replacing(with: d2, where: .!firstNearer))
        let first = gaussian * (strikeOverForward * factors.inverseSpot).replacing(with: 1, where: firstNearer)
        let second = gaussian * (forwardOverStrike * factors.spot).replacing(with: 1, where: .!firstNearer)
        let n1 = VectorNormalDistribution.fraction(sign * d1, gaussian: first)
        let n2 = VectorNormalDistribution.fraction(sign * d2, gaussian: second)
        let reciprocal = 1 / (n1.denominator * n2.denominator)
        let cdf1 = n1.offset + n1.scale * (n1.numerator * n2.denominator * reciprocal)
        let cdf2 = n2.offset + n2.scale * (n2.numerator * n1.denominator * reciprocal)
        var price = discount * sign * (forward * cdf1 - strike * cdf2)
        price.replace(with: discount * intrinsic, where: degenerate .& .!expired)
        price.replace(with: intrinsic, where: expired)
        return price
    }
}
