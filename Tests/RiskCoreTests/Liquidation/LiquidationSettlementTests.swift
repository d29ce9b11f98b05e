import Testing
@testable import RiskCore

@Suite struct LiquidationSettlementTests {
    let planner = LiquidationPlanner(parameters: LiquidationParameters(), liquidity: [:])

    /// A long BTC perpetual entered at 60,000 with `cash`, at a spot of 59,000.
    func account(cash: Double, size: Double) -> Portfolio {
        var position = TestPortfolios.perp(size: size)
        position.entryPrice = 60_000
        return Portfolio(cash: cash, positions: [position])
    }

    /// Isolated margin at 59,000: equity = cash + size x (59,000 - 60,000).
    func margin(_ portfolio: Portfolio) throws(RiskError) -> MarginResult {
        try StandardMethodology(parameters: .standardDefaults)
            .margin(portfolio, market: TestPortfolios.market(spot: 59_000), asOf: TestPortfolios.asOf, mode: .isolated)
    }

    func sell(_ size: Double) -> TradeFill { TradeFill(instrument: .perpetual("BTC"), size: -size, price: 59_000) }

    @Test func aFillPaysThePenaltyOnItsNotionalSplitBetweenKeeperAndFund() throws {
        // Equity 10,000 - 2 x 1,000 = 8,000; selling 1 at 59,000 charges 1% of 59,000.
        let settlement = try LiquidationSettlement.settle(fills: [sell(1)], portfolio: account(cash: 10_000, size: 2), equity: 8_000,
                                                          spots: ["BTC": 59_000], planner: planner, margin: margin)
        #expect(settlement.fills == [.init(instrument: .perpetual("BTC"), size: -1, price: 59_000, notional: 59_000,
                                           penalty: 590, keeperReward: 295, insuranceFundShare: 295)])
        // Cash: 10,000 - 590 penalty - 1,000 realised on the half closed at the entry price.
        #expect(settlement.portfolio.cash == 8_410)
        #expect(settlement.portfolio.positions.map(\.size) == [1])
        #expect(settlement.tradedCash == -1_000)
        #expect(settlement.marginAfter.equity == 7_410)
        #expect(settlement.equityAfter == 7_410 && !settlement.isBankrupt && settlement.bankruptcy == nil)
    }

    @Test func thePenaltyNeverExceedsTheEquityLeft() throws {
        // Equity 2,600 - 2 x 1,000 = 600; two fills of 590 each are due, the second gets what is left.
        let settlement = try LiquidationSettlement.settle(fills: [sell(1), sell(1)], portfolio: account(cash: 2_600, size: 2), equity: 600,
                                                          spots: ["BTC": 59_000], planner: planner, margin: margin)
        #expect(settlement.fills.map(\.penalty) == [590, 10])
        #expect(settlement.penalty == 600)
    }

    @Test func aFillWithoutASpotIsChargedAtItsOwnPrice() throws {
        let settlement = try LiquidationSettlement.settle(fills: [sell(1)], portfolio: account(cash: 10_000, size: 2), equity: 8_000,
                                                          spots: [:], planner: planner, margin: margin)
        #expect(settlement.fills[0].notional == 59_000)
    }

    @Test func aBankruptAccountDrawsTheFundFirstThenSocializes() throws {
        // Cash 500, 1 BTC long losing 1,000: closed out at -500 of equity, no penalty.
        var settlement = try LiquidationSettlement.settle(fills: [sell(1)], portfolio: account(cash: 500, size: 1), equity: -500,
                                                          spots: ["BTC": 59_000], planner: planner, margin: margin)
        #expect(settlement.penalty == 0 && settlement.isBankrupt && settlement.portfolio.positions.isEmpty)
        var asked = 0
        let candidates = [LossSocialization.Candidate(id: "winner", unrealizedPnl: 1_000, costBasis: 10_000, effectiveLeverage: 2)]
        settlement.coverDeficit(insuranceFund: 200, candidates: { asked += 1; return candidates }, method: .autoDeleveraging)
        #expect(asked == 1)
        #expect(settlement.bankruptcy == .init(deficit: 500, insuranceFundDraw: 200,
                                               allocations: [.init(id: "winner", amount: 300, rank: 1)], uncovered: 0))
        #expect(settlement.bankruptcy?.shortfall == 300 && settlement.bankruptcy?.socialized == 300)
        #expect(settlement.portfolio.cash == 0 && settlement.equityAfter == 0)
    }

    @Test func aFundThatCoversTheDeficitLeavesTheOtherAccountsAlone() throws {
        var settlement = try LiquidationSettlement.settle(fills: [sell(1)], portfolio: account(cash: 500, size: 1), equity: -500,
                                                          spots: ["BTC": 59_000], planner: planner, margin: margin)
        settlement.coverDeficit(insuranceFund: 1_000, candidates: { Issue.record("asked for candidates"); return [] },
                                method: .proRata)
        #expect(settlement.bankruptcy == .init(deficit: 500, insuranceFundDraw: 500, allocations: [], uncovered: 0))
        #expect(settlement.equityAfter == 0)
    }

    @Test func whatNobodyCanCoverStaysUncovered() throws {
        var settlement = try LiquidationSettlement.settle(fills: [sell(1)], portfolio: account(cash: 500, size: 1), equity: -500,
                                                          spots: ["BTC": 59_000], planner: planner, margin: margin)
        settlement.coverDeficit(insuranceFund: -50, candidates: { [] }, method: .autoDeleveraging)
        #expect(settlement.bankruptcy == .init(deficit: 500, insuranceFundDraw: 0, allocations: [], uncovered: 500))
        #expect(settlement.equityAfter == -500)
    }

    @Test func onlyFillsThatReduceAPositionAreAccepted() {
        let portfolio = account(cash: 10_000, size: 2)
        #expect(LiquidationSettlement.reductionIssues([sell(1), sell(1)], of: portfolio).isEmpty)
        let issues = LiquidationSettlement.reductionIssues([sell(1), sell(1.5), TradeFill(instrument: .perpetual("ETH"), size: -1, price: 3_000),
                                                            TradeFill(instrument: .perpetual("BTC"), size: 0.5, price: 59_000)], of: portfolio)
        #expect(issues.map(\.field) == ["fills[1].size", "fills[2].instrument", "fills[3].size"])
        #expect(issues[0].reason == "must reduce the position of 1.0 (opposite sign, at most its size)")
    }
}
