/// Plans the liquidation of an account (docs/LIQUIDATION.md): each step closes "just enough"
/// of one position, futures and perpetuals first (the cheap delta hedge), then options by
/// maintenance margin removed per unit of cost (penalty plus slippage), until equity is at
/// least the target ratio times the maintenance margin.
///
/// The margin function is the account's own methodology at a fixed market: the plan is pure.
/// Its money figures are in the account's currency (the margin result's): notionals,
/// slippage and gas are worked out in USD, the liquidity model's unit, and converted at the
/// currency's price; market depth stays in USD.
public struct LiquidationPlanner: Sendable {
    public var parameters: LiquidationParameters
    /// The liquidity model per underlying, for expected slippage.
    public var liquidity: [String: LiquidityParameters]
    /// For underlyings without their own entry.
    public var defaultLiquidity: LiquidityParameters

    public init(parameters: LiquidationParameters, liquidity: [String: LiquidityParameters],
                defaultLiquidity: LiquidityParameters = LiquidityParameters(marketDepth: 10_000_000)) {
        self.parameters = parameters
        self.liquidity = liquidity
        self.defaultLiquidity = defaultLiquidity
    }

    /// Expected cost of unwinding `notional` of one instrument: a base spread plus square-root impact.
    public func slippage(notional: Double, instrument: Instrument) -> Double {
        let model = liquidity[instrument.underlying] ?? defaultLiquidity
        let rate = instrument.kind.isOption ? model.optionsRate : model.futuresRate
        return notional * rate * (1 + (notional / model.marketDepth).squareRoot())
    }

    /// The penalty on a step of `notional` for an account with `equity` left: never more than that equity.
    public func penalty(notional: Double, equity: Double) -> (amount: Double, capped: Bool) {
        let full = notional * parameters.penaltyRate
        let available = max(0, equity)
        return full > available ? (available, true) : (full, false)
    }

    public func plan(_ portfolio: Portfolio, margin: (Portfolio) throws -> MarginResult) rethrows -> LiquidationPlan {
        var unlimited: [String: Double]?
        return try plan(portfolio, depth: &unlimited, margin: margin)
    }

    /// The plan when the market absorbs only so much: `depth` is the notional still available
    /// per underlying (an underlying without an entry is unlimited). Each step takes its
    /// notional from it, is cut to what is left, and a position whose underlying has less
    /// than one unit of the quote currency left is not a candidate (the stress replay,
    /// docs/CALIBRATION.md, "Liquidation takes time").
    public func plan(_ portfolio: Portfolio, depth: inout [String: Double]?,
                     margin: (Portfolio) throws -> MarginResult) rethrows -> LiquidationPlan {
        func available(_ underlying: String) -> Double { depth?[underlying] ?? .infinity }
        let start = try margin(portfolio)
        let target = parameters.targetRatio
        var current = start
        var holdings = portfolio
        var steps: [LiquidationStep] = []
        var capped = false

        func satisfied(_ result: MarginResult) -> Bool {
            result.equity >= 0 && result.equity >= target * result.maintenanceMargin
        }

        // Every margin function values positions one for one, in order; a result that did not
        // would end the plan rather than close the wrong position.
        let currency = start.currency
        while !satisfied(current), !holdings.positions.isEmpty, steps.count < parameters.maximumSteps,
              current.positions.count == holdings.positions.count {
            // Every position fully closed, once: the candidates and what each removes.
            var best: (index: Int, score: Double, isLinear: Bool, closed: Portfolio, result: MarginResult)?
            for index in holdings.positions.indices where available(holdings.positions[index].instrument.underlying) >= 1 {
                let valuation = current.positions[index]
                let closed = close(holdings, index, fraction: 1, valuation: valuation, equity: current.equity, currency: currency).portfolio
                let result = try margin(closed)
                let reduction = current.maintenanceMargin - result.maintenanceMargin
                // An insolvent account is closed out whatever each close removes.
                guard reduction > 0 || current.equity < 0 else { continue }
                let notional = abs(valuation.size) * valuation.spot
                let cost = currency.amount(notional * parameters.penaltyRate + slippage(notional: notional, instrument: valuation.instrument))
                let score = reduction / max(cost, 1e-12)
                let isLinear = !valuation.instrument.kind.isOption
                if let incumbent = best {
                    // Linear instruments rank ahead of options; within a class, the higher score.
                    if isLinear != incumbent.isLinear ? !isLinear : score <= incumbent.score { continue }
                }
                best = (index, score, isLinear, closed, result)
            }
            guard let chosen = best else { break }
            let valuation = current.positions[chosen.index]
            var fraction = 1.0
            if satisfied(chosen.result) {
                // Just enough: the smallest fraction that reaches the target.
                var low = 0.0
                var high = 1.0
                for _ in 0..<40 {
                    let middle = (low + high) / 2
                    let trial = try margin(close(holdings, chosen.index, fraction: middle, valuation: valuation, equity: current.equity,
                                                 currency: currency).portfolio)
                    if satisfied(trial) { high = middle } else { low = middle }
                }
                fraction = high
            }
            let underlying = valuation.instrument.underlying
            let fullNotional = abs(valuation.size) * valuation.spot
            if fullNotional * fraction > available(underlying) { fraction = available(underlying) / fullNotional }
            let closing = close(holdings, chosen.index, fraction: fraction, valuation: valuation, equity: current.equity, currency: currency)
            let after = fraction == 1 ? chosen.result : try margin(closing.portfolio)
            capped = capped || closing.capped
            let notional = abs(valuation.size) * fraction * valuation.spot
            if let left = depth?[underlying] { depth?[underlying] = max(0, left - notional) }
            let keeperReward = closing.penalty * parameters.keeperShare
            steps.append(LiquidationStep(
                // The order in the position's own unit (USD of notional for an inverse future held so).
                instrument: valuation.instrument, size: -holdings.positions[chosen.index].size * fraction,
                sizeUnit: holdings.positions[chosen.index].sizeUnit, fraction: fraction,
                markPrice: valuation.markPrice, notional: currency.amount(notional),
                expectedSlippage: currency.amount(slippage(notional: notional, instrument: valuation.instrument)),
                penalty: closing.penalty, keeperReward: keeperReward, insuranceFundShare: closing.penalty - keeperReward,
                gasCost: currency.amount(parameters.gasCost), maintenanceMarginReduction: current.maintenanceMargin - after.maintenanceMargin,
                equityAfter: after.equity, maintenanceMarginAfter: after.maintenanceMargin))
            holdings = closing.portfolio
            current = after
        }

        return LiquidationPlan(
            statusBefore: start.status, equityBefore: start.equity, maintenanceMarginBefore: start.maintenanceMargin,
            targetRatio: target, steps: steps, reachesTarget: satisfied(current), equityAfter: current.equity,
            maintenanceMarginAfter: current.maintenanceMargin,
            expectedShortfall: max(0, -current.equity), economics: economics(steps, capped: capped), portfolioAfter: holdings)
    }

    private func close(_ portfolio: Portfolio, _ index: Int, fraction: Double, valuation: PositionValuation,
                       equity: Double, currency: AccountCurrency) -> (portfolio: Portfolio, penalty: Double, capped: Bool) {
        let notional = currency.amount(abs(valuation.size) * fraction * valuation.spot)
        let penalty = penalty(notional: notional, equity: equity)
        return (portfolio.closing(index, fraction: fraction, value: currency.amount(valuation.value), charge: penalty.amount),
                penalty.amount, penalty.capped)
    }

    private func economics(_ steps: [LiquidationStep], capped: Bool) -> KeeperEconomics {
        let share = parameters.keeperShare
        // The penalty rate at which the keeper's share pays slippage and gas on every step.
        let breakEven = share > 0 ? steps.compactMap { step -> Double? in
            step.notional > 0 ? (step.expectedSlippage + step.gasCost) / (share * step.notional) : nil
        }.max() : nil
        return KeeperEconomics(
            keeperRevenue: steps.reduce(0) { $0 + $1.keeperReward },
            expectedSlippage: steps.reduce(0) { $0 + $1.expectedSlippage },
            gasCost: steps.reduce(0) { $0 + $1.gasCost },
            isEconomic: steps.allSatisfy { $0.keeperProfit > 0 },
            breakEvenPenaltyRate: breakEven,
            penaltyCappedByEquity: capped)
    }
}
