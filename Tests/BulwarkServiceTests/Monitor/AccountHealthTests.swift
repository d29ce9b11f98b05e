import Testing
import RiskCore
@testable import BulwarkService

@Suite struct AccountHealthTests {
    @Test func figuresCarryWhatTheADLQueueRanksBy() throws {
        var perp = Position(instrument: .perpetual("BTC"), size: -2)
        perp.entryPrice = 61_000
        let call = Position(instrument: .option("BTC", .call, strike: 65_000, expiry: Timestamp(iso8601: "2026-03-31T08:00:00Z")!), size: 1,
                            entryPrice: 1_200, markIv: 0.6)
        let portfolio = Portfolio(cash: 10_000, positions: [perp, call])
        let result = try StandardMethodology().margin(portfolio, market: MarketData(["BTC": AssetMarket(spot: 60_000)]),
                                                      asOf: Timestamp(iso8601: "2026-03-01T08:00:00Z")!, mode: .isolated)
        let figures = AccountHealth.Figures(result, portfolio: portfolio)
        #expect(figures.equity == result.equity && figures.unrealizedPnl == 2_000)
        #expect(figures.grossNotional == 3 * 60_000)
        // Cost basis: the perp at its entry, the option at its average premium.
        #expect(figures.costBasis == 2 * 61_000 + 1_200)
        #expect(figures.marginRatio == result.marginRatio && figures.status == result.status)
    }
}
