/// What a keeper's liquidation fills do to an account (docs/LIQUIDATION.md, "Executions"):
/// each fill reduces a position and pays the penalty on its notional at the spot (never more
/// than the equity left), split between keeper and insurance fund. An account left with no
/// positions and negative equity is bankrupt: the insurance fund covers what it can and the
/// rest is socialized among profitable accounts, by ADL queue or pro rata.
///
/// Pure: the service loads the account, the fund and the candidates, calls `settle`, and
/// stores the outcome (ledger journals, accounts, events) in one transaction.
public struct LiquidationSettlement: Sendable {
    /// One fill as executed.
    public struct ExecutedFill: Sendable, Equatable {
        public var instrument: Instrument
        public var size: Double
        public var price: Double
        /// The coins closed x spot, in the account's currency: what the penalty is charged on
        /// (an inverse future's USD size is size / price coins).
        public var notional: Double
        public var penalty: Double
        public var keeperReward: Double
        public var insuranceFundShare: Double
    }

    /// How a bankrupt account's deficit was covered.
    public struct Bankruptcy: Sendable, Equatable {
        /// Minus the equity after the fills.
        public var deficit: Double
        public var insuranceFundDraw: Double
        public var allocations: [LossSocialization.Allocation]
        /// What neither the fund nor the profitable accounts could cover.
        public var uncovered: Double

        /// What the fund could not cover.
        public var shortfall: Double { deficit - insuranceFundDraw }
        /// What the profitable accounts bear.
        public var socialized: Double { shortfall - uncovered }
    }

    public var fills: [ExecutedFill]
    /// The account's portfolio after the fills, their penalties, and any draw and socialized credits.
    public var portfolio: Portfolio
    /// The change of cash from the fills themselves (premiums and realised P&L): the market's side.
    public var tradedCash: Double
    /// The margin right after the fills, before any credit.
    public var marginAfter: MarginResult
    public var bankruptcy: Bankruptcy?

    public var penalty: Double { fills.reduce(0) { $0 + $1.penalty } }

    /// The equity after the fills and any draw and socialized credits.
    public var equityAfter: Double { marginAfter.equity + credited }

    /// The draw and socialized amounts credited, added in the order they were booked.
    public var credited: Double {
        guard let bankruptcy else { return 0 }
        return bankruptcy.allocations.reduce(bankruptcy.insuranceFundDraw) { $0 + $1.amount }
    }

    /// Every fill must reduce a position, never open or flip one; issues name `fills[i]`.
    public static func reductionIssues(_ fills: [TradeFill], of portfolio: Portfolio) -> [ValidationIssue] {
        var remaining = Dictionary(portfolio.positions.map { ($0.instrument, $0.size) }, uniquingKeysWith: +)
        var issues: [ValidationIssue] = []
        for (index, fill) in fills.enumerated() {
            let held = remaining[fill.instrument] ?? 0
            if held == 0 {
                issues.append(ValidationIssue(field: "fills[\(index)].instrument", reason: "the account holds no \(fill.instrument)"))
            } else if (held > 0) == (fill.size > 0) || abs(fill.size) > abs(held) * (1 + 1e-9) {
                issues.append(ValidationIssue(field: "fills[\(index)].size",
                                              reason: "must reduce the position of \(held) (opposite sign, at most its size)"))
            } else {
                remaining[fill.instrument] = held + fill.size
            }
        }
        return issues
    }

    /// Whether the fills closed the account out below zero: its deficit must be covered.
    public var isBankrupt: Bool { portfolio.positions.isEmpty && marginAfter.equity < 0 }

    /// Settles `fills` on an account of `portfolio` and `equity` (in `currency`, the
    /// account's, at its price), at `spots` (a fill's own price stands in for an underlying
    /// without one); `margin` is the account's methodology at the market. A bankrupt
    /// account's deficit is covered next, by `coverDeficit`, once the penalties' fund share is
    /// in the insurance fund.
    public static func settle(fills: [TradeFill], portfolio: Portfolio, equity: Double, currency: AccountCurrency = .usd,
                              spots: [String: Double], planner: LiquidationPlanner,
                              margin: (Portfolio) throws(RiskError) -> MarginResult) throws(RiskError) -> LiquidationSettlement {
        var equityLeft = equity
        var executed: [ExecutedFill] = []
        var charged: [TradeFill] = []
        for fill in fills {
            let coins = fill.instrument.isInverseLinear ? abs(fill.size) / fill.price : abs(fill.size)
            let notional = currency.amount(coins * (spots[fill.instrument.underlying] ?? fill.price))
            let penalty = planner.penalty(notional: notional, equity: equityLeft).amount
            equityLeft -= penalty
            let keeperReward = penalty * planner.parameters.keeperShare
            executed.append(ExecutedFill(instrument: fill.instrument, size: fill.size, price: fill.price, notional: notional,
                                         penalty: penalty, keeperReward: keeperReward, insuranceFundShare: penalty - keeperReward))
            charged.append(TradeFill(instrument: fill.instrument, size: fill.size, price: fill.price, fee: penalty))
        }
        let (after, traded) = portfolio.booking(charged)
        return LiquidationSettlement(fills: executed, portfolio: after, tradedCash: traded,
                                     marginAfter: try margin(after), bankruptcy: nil)
    }

    /// Covers a bankrupt account's deficit: the insurance fund (its balance `insuranceFund`)
    /// first, then the profitable `candidates` (asked for only when the fund falls short).
    public mutating func coverDeficit(insuranceFund: Double, candidates: () -> [LossSocialization.Candidate],
                                      method: SocializationMethod) {
        guard isBankrupt else { return }
        let deficit = -marginAfter.equity
        let draw = min(max(0, insuranceFund), deficit)
        let shortfall = deficit - draw
        let (allocations, uncovered) = shortfall > 0 ? LossSocialization.allocate(loss: shortfall, among: candidates(), method: method) : ([], 0)
        portfolio.cash += draw
        for allocation in allocations { portfolio.cash += allocation.amount }
        bankruptcy = Bankruptcy(deficit: deficit, insuranceFundDraw: draw, allocations: allocations, uncovered: uncovered)
    }
}
