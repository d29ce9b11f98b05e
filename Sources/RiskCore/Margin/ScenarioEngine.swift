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
        /// `expired` as a lane value, 1 or 0.
        var expiredLane: Double { expired ? 1 : 0 }
        /// Years to expiry (0 when expired).
        var timeToExpiry: Double { sqrtTime * sqrtTime }
    }

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

    /// The P&L of one position under a scenario, its option priced as in a book (`vectorPrice`).
    public static func pnl(of position: PositionValuation, under scenario: Scenario) -> Double {
        guard let terms = terms(of: position) else {
            return position.linearExposure * scenario.spotShock
        }
        let factors = ScenarioFactors(spotShock: scenario.spotShock, logSpotFactor: log1p(scenario.spotShock), volShock: scenario.volShock)
        return terms.size * (vectorPrice(terms, factors) - terms.mark)
    }

    /// One option's price on the vector path: lane 0 of a block of one. The lanes are
    /// independent, so these are the bits the option gets in any lane of any block.
    static func vectorPrice(_ terms: OptionTerms, _ factors: ScenarioFactors) -> Double {
        OptionBlock(CollectionOfOne(terms)).prices(factors)[0]
    }

    /// Black-76 with the per-option constants precomputed, one option at a time with libm:
    /// the reference the vector path is tested against. Equal to `Black76.price` to rounding.
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

    /// Total unweighted P&L of the positions and collateral under a scenario: the options eight
    /// at a time (SIMD) whatever the book's size, so that a figure never changes when a book
    /// crosses a size, nor with the machine (every kernel gives the same bits).
    public func pnl(under scenario: Scenario) -> Double {
        pnl(spotShock: scenario.spotShock, logSpotFactor: log1p(scenario.spotShock), volShock: scenario.volShock)
    }

    /// The same with ln(1 + spotShock) computed by the caller, once per spot shock of a grid.
    func pnl(spotShock: Double, logSpotFactor: Double, volShock: Double) -> Double {
        let factors = ScenarioFactors(spotShock: spotShock, logSpotFactor: logSpotFactor, volShock: volShock)
        return linearExposure * spotShock + kernel.pnl(blocks, factors)
    }

    /// The same P&L one option at a time with libm: the reference the vector path is tested against.
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

    /// The options' part of `pnl(spotShock:volatility:)` alone: the options repacked with their
    /// own volatilities and priced on the vector path, as every other scenario.
    func optionsPnl(spotShock: Double, volatility: (OptionTerms) -> Double) -> Double {
        let shocked = options.map { terms in
            var shocked = terms
            shocked.volatility = volatility(terms)
            return shocked
        }
        return kernel.pnl(OptionBlock.blocks(shocked), ScenarioFactors(spotShock: spotShock, logSpotFactor: log1p(spotShock), volShock: 0))
    }

    /// Every scenario of the grid, in its order.
    public func results(_ grid: ScenarioGrid) -> [ScenarioResult] {
        let scenarios = grid.scenarios
        return zip(scenarios, pnl(under: scenarios)).map { scenario, pnl in
            ScenarioResult(scenario: scenario, pnl: pnl, weightedPnl: scenario.isExtreme ? pnl * scenario.weight : pnl)
        }
    }

    /// The unweighted P&L under each of `scenarios`, in their order: the options packed eight
    /// to a block under one scenario at a time or, where that prices fewer blocks (a book of a
    /// few options), each option broadcast to a block under eight scenarios at a time. Both
    /// give every scenario the same bits (`OptionBlock.scenarioPnl`), so the choice changes
    /// speed only.
    public func pnl(under scenarios: [Scenario]) -> [Double] {
        if options.count * ((scenarios.count + 7) / 8) < blocks.count * scenarios.count {
            return pnlEightScenariosAtATime(scenarios)
        }
        var logSpotFactors = LogSpotFactors()
        return scenarios.map { pnl(spotShock: $0.spotShock, logSpotFactor: logSpotFactors[$0.spotShock], volShock: $0.volShock) }
    }

    /// Each option broadcast to a block, priced under eight scenarios at a time.
    func pnlEightScenariosAtATime(_ scenarios: [Scenario]) -> [Double] {
        let broadcasts = options.map { OptionBlock(repeatElement($0, count: 8)) }
        var totals: [Double] = []
        totals.reserveCapacity(scenarios.count)
        ScenarioEngine.forEachChunk(of: scenarios) { factors, chunk in
            let optionsPnl = kernel.scenarioPnl(broadcasts, factors)
            for (lane, scenario) in zip(0..., scenarios[chunk]) { totals.append(linearExposure * scenario.spotShock + optionsPnl[lane]) }
        }
        return totals
    }

    /// Hands `body` the factors of eight scenarios at a time, one per lane, and which of
    /// `scenarios` they are; the lanes of a last, shorter chunk hold the unshocked scenario.
    static func forEachChunk(of scenarios: [Scenario], _ body: (ScenarioFactors, Range<Int>) -> Void) {
        var logSpotFactors = LogSpotFactors()
        // The three shocks of eight scenarios, stored lane by lane and loaded as vectors.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 24) { shocks in
            for start in stride(from: 0, to: scenarios.count, by: 8) {
                let chunk = start..<min(start + 8, scenarios.count)
                for lane in 0..<8 {
                    let scenario = chunk.contains(start + lane) ? scenarios[start + lane] : Scenario(spotShock: 0, volShock: 0)
                    shocks[lane] = scenario.spotShock
                    shocks[8 + lane] = logSpotFactors[scenario.spotShock]
                    shocks[16 + lane] = scenario.volShock
                }
                let vectors = UnsafeRawPointer(shocks.baseAddress!)
                body(ScenarioFactors(spotShocks: vectors.loadUnaligned(as: OptionBlock.Lanes.self),
                                     logSpotFactors: vectors.loadUnaligned(fromByteOffset: 64, as: OptionBlock.Lanes.self),
                                     volShocks: vectors.loadUnaligned(fromByteOffset: 128, as: OptionBlock.Lanes.self)), chunk)
            }
        }
    }

    /// ln(1 + spot shock), computed once per run of equal shocks (a grid's are spot-major).
    private struct LogSpotFactors {
        private var shock = Double.nan
        private var factor = Double.nan

        subscript(_ spotShock: Double) -> Double {
            mutating get {
                if spotShock.bitPattern != shock.bitPattern {
                    shock = spotShock
                    factor = log1p(spotShock)
                }
                return factor
            }
        }
    }
}
