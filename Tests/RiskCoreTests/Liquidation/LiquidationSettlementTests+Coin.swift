import Testing
@testable import RiskCore

/// A BTC account's execution: penalties in BTC on the coins closed, realised P&L inverse.
extension LiquidationSettlementTests {
    @Test func aCoinAccountPaysItsPenaltyInCoin() throws {
        let perpetual = Instrument.perpetual("BTC").settled(in: .coin)
        // 60,000 USD long from 60,000 (1 BTC of exposure) and 0.1 BTC of cash, at 59,000.
        let portfolio = Portfolio(cash: 0.1, positions: [Position(instrument: perpetual, size: 60_000, sizeUnit: .usd, entryPrice: 60_000)],
                                  currency: "BTC")
        let btc = AccountCurrency(code: "BTC", price: 59_000)
        let equity = 0.1 + 60_000 * (1.0 / 60_000 - 1.0 / 59_000)
        let settlement = try LiquidationSettlement.settle(
            fills: [TradeFill(instrument: perpetual, size: -30_000, price: 59_000)], portfolio: portfolio, equity: equity, currency: btc,
            spots: ["BTC": 59_000], planner: planner) { portfolio throws(RiskError) in
            try StandardMethodology(parameters: .standardDefaults)
                .margin(portfolio, market: TestPortfolios.market(spot: 59_000), asOf: TestPortfolios.asOf, mode: .isolated)
        }
        // 30,000 USD at 59,000 is 30,000/59,000 BTC worth 30,000 USD: 1% of it in BTC.
        let penalty = 0.01 * (30_000.0 / 59_000)
        #expect(abs(settlement.fills[0].notional - 30_000.0 / 59_000) < 1e-15)
        #expect(abs(settlement.penalty - penalty) < 1e-15)
        let realised = 30_000 * (1.0 / 60_000 - 1.0 / 59_000)
        #expect(abs(settlement.tradedCash - realised) < 1e-15)
        #expect(abs(settlement.portfolio.cash - (0.1 - penalty + realised)) < 1e-15)
        #expect(settlement.portfolio.positions.map(\.size) == [30_000])
        // What is left: the other half's P&L, in BTC.
        #expect(abs(settlement.marginAfter.equity - (0.1 - penalty + 2 * realised)) < 1e-15)
        #expect(settlement.marginAfter.currency.code == "BTC")
    }
}
