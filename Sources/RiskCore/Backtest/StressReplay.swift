/// Replays a stress path through margin and the liquidation planner: at each step every
/// account still open is margined; a liquidatable one is liquidated by its plan at once (the
/// keepers are assumed to act within the step), an insolvent one is closed out and its
/// shortfall counted. Pure: markets and the margin function come in as values.
public struct StressReplay: Sendable {
    public var planner: LiquidationPlanner
    /// The assets that move with the path: the parameter set's underlyings.
    public var movers: Set<String>

    public init(planner: LiquidationPlanner, movers: Set<String>) {
        self.planner = planner
        self.movers = movers
    }

    /// The market at a step: movers' spots, perpetuals and forwards x spotFactor, ATM volatility x volFactor.
    public func market(_ base: MarketData, at step: StressStep) -> MarketData {
        var market = base
        for asset in movers where market[asset] != nil {
            market = market.shifting(asset, by: step.spotFactor)
            market[asset]?.atmVolatility = base[asset]?.atmVolatility.map { $0 * step.volFactor }
        }
        return market
    }

    /// The portfolio with every option's mark IV x volFactor.
    public func portfolio(_ base: Portfolio, at step: StressStep) -> Portfolio {
        var portfolio = base
        for index in portfolio.positions.indices {
            portfolio.positions[index].markIv = portfolio.positions[index].markIv.map { $0 * step.volFactor }
        }
        return portfolio
    }

    /// - Parameter margin: margins account `index`'s portfolio at a market under the parameter set being tested.
    public func run(_ path: StressPath, accounts: [Portfolio], market base: MarketData,
                    margin: (Int, Portfolio, MarketData) throws -> MarginResult) -> PathOutcome {
        var outcome = PathOutcome()
        var open = accounts.map(Optional.some)
        var liquidated = Set<Int>()
        var unpriced = Set<Int>()
        for step in path.steps {
            let market = market(base, at: step)
            for index in open.indices {
                guard let holdings = open[index] else { continue }
                // Volatility scales the account's own marks; liquidation keeps the closed state.
                let stressed = portfolio(holdings, at: step)
                guard let result = try? margin(index, stressed, market) else {
                    unpriced.insert(index)
                    continue
                }
                guard result.status >= .liquidatable else { continue }
                liquidated.insert(index)
                guard let plan = try? planner.plan(stressed, margin: { try margin(index, $0, market) }) else {
                    unpriced.insert(index)
                    continue
                }
                outcome.penaltiesToFund += plan.steps.reduce(0) { $0 + $1.insuranceFundShare }
                if result.status == .insolvent || plan.equityAfter < 0 {
                    outcome.insolvent += 1
                    outcome.shortfall += max(0, -plan.equityAfter)
                    open[index] = nil
                } else {
                    // What remains carries its unstressed marks again (taken back, not divided
                    // out, so no rounding builds up): the next step applies its own volatility.
                    var after = plan.portfolioAfter
                    let marks = Dictionary(holdings.positions.map { ($0.instrument, $0.markIv) }, uniquingKeysWith: { first, _ in first })
                    for position in after.positions.indices {
                        if let mark = marks[after.positions[position].instrument] { after.positions[position].markIv = mark }
                    }
                    open[index] = after
                }
            }
        }
        outcome.liquidated = liquidated.count
        outcome.unpriced = unpriced.count
        return outcome
    }
}
