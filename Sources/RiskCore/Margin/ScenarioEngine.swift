import Foundation

/// Revalues the positions and risk-cancelling collateral of one underlying under scenarios.
///
/// Options are fully revalued with Black-76 at forward x (1 + s) and volatility x (1 + v),
/// time and rate unchanged; futures, perpetuals and collateral that moves with the
/// underlying gain size x mark x s. All in the quote currency: an inverse option counts
/// spot / forward of a linear one, an inverse future the coins it holds x spot (docs/INVERSE.md). What does not depend on the scenario (ln(F/K), sqrt T,
/// the discount, the linear exposure) is computed once here, not per scenario.
public struct ScenarioEngine: Sendable {
    /// One option, reduced to the constants its revaluation needs.
    struct OptionTerms: Sendable {
        var size: Double
        /// +1 call, -1 put.
        var sign: Double
        var forward: Double
        var strike: Double
        var logMoneyness: Double
        var sqrtTime: Double
        var discount: Double
        var volatility: Double
        var mark: Double
        var expired: Bool
        /// Years to expiry (0 when expired).
        var timeToExpiry: Double { sqrtTime * sqrtTime }
    }

    /// Below this many options on an underlying the scalar path is used: there the baseline
    /// kernel is no faster than it. The same threshold for every kernel, so that the path, and
    /// with it every figure, depends on the book and never on the machine (docs/PERFORMANCE.md).
    static let simdThreshold = 64

    private var options: [OptionTerms] = []
    private var blocks: [OptionBlock] = []
    private let kernel: ScenarioKernel
    /// Sum of size x mark of futures and perpetuals plus the value of collateral that moves
    /// with the underlying: their P&L is this x s.
    private var linearExposure = 0.0

    /// The positions on `underlying` and the collateral that moves with it; `kernel` prices
    /// the vector path (the same figures from every kernel).
    public init(underlying: String, valued: ValuedPortfolio, kernel: ScenarioKernel = .baseline) {
        self.kernel = kernel
        for position in valued.positions where position.instrument.underlying == underlying {
            if let terms = ScenarioEngine.terms(of: position) {
                options.append(terms)
            } else {
                linearExposure += position.linearExposure
            }
        }
        for holding in valued.collateral where holding.movesWith == underlying {
            linearExposure += holding.value
        }
        // A coin account's cash is that coin: worth its price in every scenario of it.
        if !valued.currency.isQuote, valued.currency.code == underlying {
            linearExposure += valued.cashValue
        }
        blocks = OptionBlock.blocks(options)
    }

    static func terms(of position: PositionValuation) -> OptionTerms? {
        let instrument = position.instrument
        guard instrument.kind.isOption, let strike = instrument.strike else { return nil }
        let time = position.timeToExpiry ?? 0
        // An inverse option is worth spot / forward of a linear one per unit (docs/INVERSE.md).
        let scale = position.quoteScale
        return OptionTerms(size: scale == 1 ? position.size : position.size * scale, sign: instrument.kind == .call ? 1 : -1,
                           forward: position.forward, strike: strike, logMoneyness: log(position.forward / strike), sqrtTime: time.squareRoot(),
                           discount: exp(-position.rate * time), volatility: position.volatility ?? 0,
                           mark: position.modelPrice ?? position.markPrice, expired: time <= 0)
    }

    /// The P&L of one position under a scenario.
    public static func pnl(of position: PositionValuation, under scenario: Scenario) -> Double {
        guard let terms = terms(of: position) else {
            return position.linearExposure * scenario.spotShock
        }
        return terms.size * (price(terms, spotFactor: 1 + scenario.spotShock, logSpotFactor: log1p(scenario.spotShock),
                                   volFactor: 1 + scenario.volShock) - terms.mark)
    }

    /// Black-76 with the per-option constants precomputed; equal to `Black76.price` to rounding.
    @inline(__always)
    static func price(_ terms: OptionTerms, spotFactor: Double, logSpotFactor: Double, volFactor: Double) -> Double {
        let forward = terms.forward * spotFactor
        if terms.expired {
            return max(terms.sign * (forward - terms.strike), 0)
        }
        let standardDeviation = terms.volatility * volFactor * terms.sqrtTime
        if standardDeviation < Black76.minimumStandardDeviation {
            return terms.discount * max(terms.sign * (forward - terms.strike), 0)
        }
        let d1 = (terms.logMoneyness + logSpotFactor) / standardDeviation + 0.5 * standardDeviation
        let d2 = d1 - standardDeviation
        return terms.discount * terms.sign
            * (forward * NormalDistribution.cdf(terms.sign * d1) - terms.strike * NormalDistribution.cdf(terms.sign * d2))
    }

    /// Total unweighted P&L of the positions and collateral under a scenario: the options one
    /// by one, or eight at a time (SIMD) on books of `simdThreshold` options or more; both paths
    /// agree to rounding.
    public func pnl(under scenario: Scenario) -> Double {
        pnl(spotShock: scenario.spotShock, logSpotFactor: log1p(scenario.spotShock), volShock: scenario.volShock)
    }

    /// The same with ln(1 + spotShock) computed by the caller, once per spot shock of a grid.
    func pnl(spotShock: Double, logSpotFactor: Double, volShock: Double) -> Double {
        options.count < ScenarioEngine.simdThreshold
            ? scalarPnl(spotShock: spotShock, logSpotFactor: logSpotFactor, volShock: volShock)
            : simdPnl(spotShock: spotShock, logSpotFactor: logSpotFactor, volShock: volShock)
    }

    /// The options eight at a time whatever the book's size.
    public func simdPnl(under scenario: Scenario) -> Double {
        simdPnl(spotShock: scenario.spotShock, logSpotFactor: log1p(scenario.spotShock), volShock: scenario.volShock)
    }

    func simdPnl(spotShock: Double, logSpotFactor: Double, volShock: Double) -> Double {
        let factors = ScenarioFactors(spotShock: spotShock, logSpotFactor: logSpotFactor, volShock: volShock)
        return linearExposure * spotShock + kernel.pnl(blocks, factors)
    }

    /// The same P&L one option at a time with libm: the reference the SIMD path is tested against.
    public func scalarPnl(under scenario: Scenario) -> Double {
        scalarPnl(spotShock: scenario.spotShock, logSpotFactor: log1p(scenario.spotShock), volShock: scenario.volShock)
    }

    func scalarPnl(spotShock: Double, logSpotFactor: Double, volShock: Double) -> Double {
        let spotFactor = 1 + spotShock
        let volFactor = 1 + volShock
        var total = linearExposure * spotShock
        for terms in options {
            total += terms.size * (ScenarioEngine.price(terms, spotFactor: spotFactor, logSpotFactor: logSpotFactor,
                                                        volFactor: volFactor) - terms.mark)
        }
        return total
    }

    /// P&L at spot x (1 + spotShock) with each option's volatility set by `volatility`
    /// (for methodologies whose volatility shock depends on the option, such as its term).
    func pnl(spotShock: Double, volatility: (OptionTerms) -> Double) -> Double {
        linearExposure * spotShock + optionsPnl(spotShock: spotShock, volatility: volatility)
    }

    /// What the futures, perpetuals and collateral that moves with the underlying gain per
    /// unit of relative move (in USD).
    var linearPnlPerMove: Double { linearExposure }

    /// The options' part of `pnl(spotShock:volatility:)` alone.
    func optionsPnl(spotShock: Double, volatility: (OptionTerms) -> Double) -> Double {
        let spotFactor = 1 + spotShock
        let logSpotFactor = log1p(spotShock)
        var total = 0.0
        for terms in options {
            var shocked = terms
            shocked.volatility = volatility(terms)
            total += terms.size * (ScenarioEngine.price(shocked, spotFactor: spotFactor, logSpotFactor: logSpotFactor,
                                                        volFactor: 1) - terms.mark)
        }
        return total
    }

    /// Every scenario of the grid, in its order; ln(1 + spot shock) once per spot shock.
    public func results(_ grid: ScenarioGrid) -> [ScenarioResult] {
        var results: [ScenarioResult] = []
        results.reserveCapacity(grid.spotShocks.count * grid.volShocks.count + grid.extremeSpotShocks.count)
        for spotShock in grid.spotShocks {
            let logSpotFactor = log1p(spotShock)
            for volShock in grid.volShocks {
                let pnl = pnl(spotShock: spotShock, logSpotFactor: logSpotFactor, volShock: volShock)
                results.append(ScenarioResult(scenario: Scenario(spotShock: spotShock, volShock: volShock, weight: 1, isExtreme: false),
                                              pnl: pnl, weightedPnl: pnl))
            }
        }
        for spotShock in grid.extremeSpotShocks {
            let pnl = pnl(spotShock: spotShock, logSpotFactor: log1p(spotShock), volShock: grid.extremeVolShock)
            results.append(ScenarioResult(scenario: Scenario(spotShock: spotShock, volShock: grid.extremeVolShock,
                                                             weight: grid.extremeWeight, isExtreme: true),
                                          pnl: pnl, weightedPnl: pnl * grid.extremeWeight))
        }
        return results
    }
}
