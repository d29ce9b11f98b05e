/// Revalues positions and risk-cancelling collateral of one underlying under scenarios.
///
/// Options are fully revalued with Black-76 at spot and forward x (1 + s) and volatility
/// x (1 + v), time and rate unchanged; futures, perpetuals and collateral that moves with
/// the underlying gain size x mark x s.
public struct ScenarioEngine: Sendable {
    public var positions: [PositionValuation]
    public var collateral: [CollateralValuation]

    /// The positions on `underlying` and the collateral that moves with it.
    public init(underlying: String, valued: ValuedPortfolio) {
        self.positions = valued.positions.filter { $0.instrument.underlying == underlying }
        self.collateral = valued.collateral.filter { $0.movesWith == underlying }
    }

    /// The P&L of one position under a scenario.
    public static func pnl(of position: PositionValuation, under scenario: Scenario) -> Double {
        let instrument = position.instrument
        guard instrument.kind.isOption else {
            return position.size * position.markPrice * scenario.spotShock
        }
        let shockedPrice = Black76.price(kind: instrument.kind, forward: position.forward * (1 + scenario.spotShock),
                                         strike: instrument.strike!, timeToExpiry: position.timeToExpiry ?? 0,
                                         volatility: (position.volatility ?? 0) * (1 + scenario.volShock), rate: position.rate)
        return position.size * (shockedPrice - position.markPrice)
    }

    /// Total unweighted P&L of the positions and collateral under a scenario.
    public func pnl(under scenario: Scenario) -> Double {
        var total = 0.0
        for position in positions {
            total += ScenarioEngine.pnl(of: position, under: scenario)
        }
        for holding in collateral {
            total += holding.value * scenario.spotShock
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
