import Foundation

/// Revalues the positions and risk-cancelling collateral of one underlying under scenarios.
///
/// Options are fully revalued with Black-76 at forward x (1 + s) and volatility x (1 + v),
/// time and rate unchanged; futures, perpetuals and collateral that moves with the
/// underlying gain size x mark x s. What does not depend on the scenario (ln(F/K), sqrt T,
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

    private var options: [OptionTerms] = []
    /// Sum of size x mark of futures and perpetuals plus the value of collateral that moves
    /// with the underlying: their P&L is this x s.
    private var linearExposure = 0.0

    /// The positions on `underlying` and the collateral that moves with it.
    public init(underlying: String, valued: ValuedPortfolio) {
        for position in valued.positions where position.instrument.underlying == underlying {
            if let terms = ScenarioEngine.terms(of: position) {
                options.append(terms)
            } else {
                linearExposure += position.size * position.markPrice
            }
        }
        for holding in valued.collateral where holding.movesWith == underlying {
            linearExposure += holding.value
        }
    }

    static func terms(of position: PositionValuation) -> OptionTerms? {
        let instrument = position.instrument
        guard instrument.kind.isOption, let strike = instrument.strike else { return nil }
        let time = position.timeToExpiry ?? 0
        return OptionTerms(size: position.size, sign: instrument.kind == .call ? 1 : -1, forward: position.forward,
                           strike: strike, logMoneyness: log(position.forward / strike), sqrtTime: time.squareRoot(),
                           discount: exp(-position.rate * time), volatility: position.volatility ?? 0,
                           mark: position.markPrice, expired: time <= 0)
    }

    /// The P&L of one position under a scenario.
    public static func pnl(of position: PositionValuation, under scenario: Scenario) -> Double {
        guard let terms = terms(of: position) else {
            return position.size * position.markPrice * scenario.spotShock
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

    /// Total unweighted P&L of the positions and collateral under a scenario.
    public func pnl(under scenario: Scenario) -> Double {
        let spotFactor = 1 + scenario.spotShock
        let logSpotFactor = log1p(scenario.spotShock)
        let volFactor = 1 + scenario.volShock
        var total = linearExposure * scenario.spotShock
        for terms in options {
            total += terms.size * (ScenarioEngine.price(terms, spotFactor: spotFactor, logSpotFactor: logSpotFactor,
                                                        volFactor: volFactor) - terms.mark)
        }
        return total
    }

    /// P&L at spot x (1 + spotShock) with each option's volatility set by `volatility`
    /// (for methodologies whose volatility shock depends on the option, such as its term).
    func pnl(spotShock: Double, volatility: (OptionTerms) -> Double) -> Double {
        let spotFactor = 1 + spotShock
        let logSpotFactor = log1p(spotShock)
        var total = linearExposure * spotShock
        for terms in options {
            var shocked = terms
            shocked.volatility = volatility(terms)
            total += terms.size * (ScenarioEngine.price(shocked, spotFactor: spotFactor, logSpotFactor: logSpotFactor,
                                                        volFactor: 1) - terms.mark)
        }
        return total
    }

    public func results(_ grid: ScenarioGrid) -> [ScenarioResult] {
        grid.scenarios.map { scenario in
            let pnl = pnl(under: scenario)
            return ScenarioResult(scenario: scenario, pnl: pnl, weightedPnl: pnl * scenario.weight)
        }
    }
}
