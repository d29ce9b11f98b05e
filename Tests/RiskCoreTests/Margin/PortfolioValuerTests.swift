import Testing
@testable import RiskCore

@Suite struct PortfolioValuerTests {
    @Test func equityIsCashCollateralOptionsAndFuturesPnl() throws {
        var perp = TestPortfolios.perp(size: 2)
        perp.entryPrice = 59_000
        perp.unrealizedFunding = -15
        let portfolio = Portfolio(cash: 1_000, collateral: [CollateralHolding(asset: "USDC", amount: 500, price: 1)],
                                  positions: [TestPortfolios.call(60_000, size: -1), perp])
        let valued = try PortfolioValuer(parameters: .standardDefaults).value(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf)
        let call = valued.positions[0]
        // The perp: 2 x (60,000 - 59,000) - 15; the call at its Black-76 mark.
        #expect(valued.positions[1].value == 1_985 && valued.unrealizedPnl == 1_985)
        #expect(valued.optionsValue == -call.markPrice && call.markPrice > 0)
        #expect(close(valued.equity, 1_000 + valued.collateralValue - call.markPrice + 1_985))
        #expect(valued.collateralValue < 500 && valued.collateralValue > 490)
        #expect(valued.greeks["BTC"].map { close($0.delta, call.delta + 2) } == true)
    }

    @Test func theVenuesUnrealizedPnlWinsOverTheEntryPrice() throws {
        var perp = TestPortfolios.perp(size: 1)
        perp.entryPrice = 10_000
        perp.unrealizedPnl = 42
        let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [perp]), market: TestPortfolios.market(),
                                                                              asOf: TestPortfolios.asOf)
        #expect(valued.unrealizedPnl == 42)
    }
}
