import Testing
@testable import RiskCore

@Suite struct MarketDataShiftTests {
    @Test func movesTheUnderlyingsSpotPerpetualAndForwardsOnly() {
        let expiry = TestPortfolios.expiry
        let market = MarketData(["BTC": AssetMarket(spot: 60_000, perpPrice: 60_100, atmVolatility: 0.6, expiries: [expiry: ExpiryMarket(forward: 60_500, rate: 0.05)]),
                                 "ETH": AssetMarket(spot: 3_000)])
        let moved = market.shifting("BTC", by: 0.9)
        #expect(moved["BTC"]?.spot == 54_000 && moved["BTC"]?.perpPrice == 54_090 && moved["BTC"]?.expiries[expiry]?.forward == 54_450)
        #expect(moved["BTC"]?.atmVolatility == 0.6 && moved["BTC"]?.expiries[expiry]?.rate == 0.05)
        #expect(moved["ETH"] == market["ETH"])
        #expect(market.shifting("SOL", by: 2) == market)
    }
}
