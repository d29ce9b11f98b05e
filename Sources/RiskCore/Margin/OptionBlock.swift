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

    @usableFromInline var size: Lanes
    /// +1 call, -1 put.
    @usableFromInline var sign: Lanes
    @usableFromInline var forward: Lanes
    @usableFromInline var strike: Lanes
    @usableFromInline var logMoneyness: Lanes
    @usableFromInline var sqrtTime: Lanes
    @usableFromInline var discount: Lanes
    @usableFromInline var volatility: Lanes
    /// 1 / (volatility x sqrt T): d1 without a division per scenario.
    @usableFromInline var inverseDeviation: Lanes
    /// F / K and K / F: the second Gaussian factor from the first (F n(d1) = K n(d2)).
    @usableFromInline var forwardOverStrike: Lanes
    @usableFromInline var strikeOverForward: Lanes
    @usableFromInline var mark: Lanes
    @usableFromInline var expired: SIMDMask<SIMD8<Int64>>

    /// Up to eight options, one per lane in their order; the other lanes unused. One option
    /// repeated eight times (`repeatElement`) is priced under eight scenarios at once.
    init(_ options: some Collection<ScenarioEngine.OptionTerms>) {
        precondition(options.count <= 8, "a block holds eight options")
        size = Self.lanes(options, unused: 0) { $0.size }
        sign = Self.lanes(options, unused: 1) { $0.sign }
        forward = Self.lanes(options, unused: 1) { $0.forward }
        strike = Self.lanes(options, unused: 1) { $0.strike }
        logMoneyness = Self.lanes(options, unused: 0) { $0.logMoneyness }
        sqrtTime = Self.lanes(options, unused: 1) { $0.sqrtTime }
        discount = Self.lanes(options, unused: 1) { $0.discount }
        volatility = Self.lanes(options, unused: 1) { $0.volatility }
        inverseDeviation = 1 / (volatility * sqrtTime)
        forwardOverStrike = forward / strike
        strikeOverForward = strike / forward
        mark = Self.lanes(options, unused: 0) { $0.mark }
        expired = Self.lanes(options, unused: 0) { $0.expiredLane } .== 1
    }

    /// One field of the options in lane order, `unused` in the lanes past them. Written to
    /// memory and loaded as one vector: setting lane by lane would round-trip the whole
    /// vector through memory each time.
    @inline(__always)
    private static func lanes(_ options: some Collection<ScenarioEngine.OptionTerms>, unused: Double,
                              _ field: (ScenarioEngine.OptionTerms) -> Double) -> Lanes {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 8) { lanes in
            var lane = 0
            for terms in options {
                lanes[lane] = field(terms)
                lane += 1
            }
            while lane < 8 {
                lanes[lane] = unused
                lane += 1
            }
            return UnsafeRawPointer(lanes.baseAddress!).loadUnaligned(as: Lanes.self)
        }
    }

    /// The options packed eight to a block.
    static func blocks(_ options: [ScenarioEngine.OptionTerms]) -> [OptionBlock] {
        stride(from: 0, to: options.count, by: 8).map { OptionBlock(options[$0..<min($0 + 8, options.count)]) }
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

    /// Sum over the options of size x (price - mark) under eight scenarios at once, one per
    /// lane, each block holding one option in every lane (`init(repeatElement(_:count: 8))`).
    /// Option k adds to sum k mod 8 from zero and the sums pair up in `pnl`'s tree, so each
    /// scenario gets the bits `pnl` gives it with the options packed eight to a block.
    @_transparent
    public static func scenarioPnl(_ broadcasts: [OptionBlock], _ factors: ScenarioFactors) -> Lanes {
        ((laneSum(broadcasts, 0, factors) + laneSum(broadcasts, 1, factors))
            + (laneSum(broadcasts, 2, factors) + laneSum(broadcasts, 3, factors)))
            + ((laneSum(broadcasts, 4, factors) + laneSum(broadcasts, 5, factors))
                + (laneSum(broadcasts, 6, factors) + laneSum(broadcasts, 7, factors)))
    }

    /// What lane `lane` of `pnl`'s sum holds: options lane, lane + 8, lane + 16... added from zero.
    @_transparent
    public static func laneSum(_ broadcasts: [OptionBlock], _ lane: Int, _ factors: ScenarioFactors) -> Lanes {
        var sum = Lanes(repeating: 0)
        var option = lane
        while option < broadcasts.count {
            sum += broadcasts[option].size * (broadcasts[option].prices(factors) - broadcasts[option].mark)
            option += 8
        }
        return sum
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
