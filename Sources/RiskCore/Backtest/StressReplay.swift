/// Replays a stress path through margin and the liquidation planner (docs/GOVERNANCE.md,
/// "Backtest"). At each step every open account is margined; the liquidatable ones, riskiest
/// first, are liquidated by their plans as far as the market's depth allows within the step
/// (each underlying absorbs `depthPerStep` x its market depth across the whole book), so a
/// large position takes several steps and keeps moving meanwhile. An account closed out with
/// negative equity leaves that as shortfall; one still open at the end is closed at the last
/// step's marks. Pure: markets and the margin function come in as values.
public struct StressReplay: Sendable {
    public var planner: LiquidationPlanner
    /// The assets that move with the path: the parameter set's underlyings.
    public var movers: Set<String>
    /// The share of each underlying's `marketDepth` keepers can close per step; nil: any size
    /// within the step.
    public var depthPerStep: Double?

    public init(planner: LiquidationPlanner, movers: Set<String>, depthPerStep: Double? = 1) {
        self.planner = planner
        self.movers = movers
        self.depthPerStep = depthPerStep
    }

    /// The market at a step: each mover's spot, perpetual and forwards x its spot factor, ATM volatility x its vol factor.
    public func market(_ base: MarketData, at step: StressStep) -> MarketData {
        var market = base
        for asset in movers where market[asset] != nil {
            let move = step.move(of: asset)
            market = market.shifting(asset, by: move.spotFactor)
            market[asset]?.atmVolatility = base[asset]?.atmVolatility.map { $0 * move.volFactor }
        }
        return market
    }

    /// The portfolio with every option's mark IV x its underlying's vol factor.
    public func portfolio(_ base: Portfolio, at step: StressStep) -> Portfolio {
        var portfolio = base
        for index in portfolio.positions.indices {
            let factor = step.move(of: portfolio.positions[index].instrument.underlying).volFactor
            portfolio.positions[index].markIv = portfolio.positions[index].markIv.map { $0 * factor }
        }
        return portfolio
    }

    /// What the market absorbs in one step, per mover.
    func depth() -> [String: Double]? {
        depthPerStep.map { share in
            Dictionary(uniqueKeysWithValues: movers.map { ($0, (planner.liquidity[$0] ?? planner.defaultLiquidity).marketDepth * share) })
        }
    }

    /// - Parameter margin: margins account `index`'s portfolio at a market under the parameter set being tested.
    public func run(_ path: StressPath, accounts: [Portfolio], market base: MarketData,
                    margin: (Int, Portfolio, MarketData) throws -> MarginResult) -> PathOutcome {
        var outcome = PathOutcome()
        var open = accounts.map(Optional.some)
        var liquidated = Set<Int>()
        var insolvent = Set<Int>()
        var unpriced = Set<Int>()
        var depthLimited = Set<Int>()
        var market = base
        for step in path.steps {
            market = self.market(base, at: step)
            var due: [(index: Int, stressed: Portfolio, result: MarginResult)] = []
            for index in open.indices {
                guard let holdings = open[index] else { continue }
                // Volatility scales the account's own marks; liquidation keeps the closed state.
                let stressed = portfolio(holdings, at: step)
                guard let result = try? margin(index, stressed, market) else {
                    unpriced.insert(index)
                    continue
                }
                if result.status >= .liquidatable { due.append((index, stressed, result)) }
            }
            // The riskiest take the market's depth first: insolvent, then by margin ratio.
            func rank(_ result: MarginResult) -> (Int, Double) { (result.equity < 0 ? 0 : 1, result.marginRatio ?? .infinity) }
            due.sort { rank($0.result) != rank($1.result) ? rank($0.result) < rank($1.result) : $0.index < $1.index }
            var depth = depth()
            for (index, stressed, result) in due {
                liquidated.insert(index)
                if result.status == .insolvent { insolvent.insert(index) }
                guard let plan = try? planner.plan(stressed, depth: &depth, margin: { try margin(index, $0, market) }) else {
                    unpriced.insert(index)
                    continue
                }
                // In USD at the step's prices: a coin account's figures are in its coin.
                let usd = result.currency.price
                outcome.penaltiesToFund += plan.steps.reduce(0) { $0 + $1.insuranceFundShare } * usd
                if plan.equityAfter < 0 { insolvent.insert(index) }
                if !plan.reachesTarget, plan.portfolioAfter.positions.contains(where: { (depth?[$0.instrument.underlying] ?? .infinity) < 1 }) {
                    depthLimited.insert(index)
                }
                if plan.equityAfter < 0, plan.portfolioAfter.positions.isEmpty {
                    outcome.shortfall += -plan.equityAfter * usd
                    open[index] = nil
                } else {
                    open[index] = restoringMarks(of: open[index]!, in: plan.portfolioAfter)
                }
            }
        }
        // Still holding positions with negative equity at the end: closed at the last marks.
        if let last = path.steps.last {
            for index in insolvent.sorted() {
                guard let holdings = open[index], let result = try? margin(index, portfolio(holdings, at: last), market) else { continue }
                outcome.shortfall += max(0, -result.equity) * result.currency.price
            }
        }
        outcome.liquidated = liquidated.count
        outcome.insolvent = insolvent.count
        outcome.unpriced = unpriced.count
        outcome.depthLimited = depthLimited.count
        return outcome
    }

    /// What remains after a liquidation with its unstressed marks again (taken back, not
    /// divided out, so no rounding builds up): the next step applies its own volatility.
    private func restoringMarks(of holdings: Portfolio, in after: Portfolio) -> Portfolio {
        var after = after
        let marks = Dictionary(holdings.positions.map { ($0.instrument, $0.markIv) }, uniquingKeysWith: { first, _ in first })
        for position in after.positions.indices {
            if let mark = marks[after.positions[position].instrument] { after.positions[position].markIv = mark }
        }
        return after
    }
}
