import PriceOracle
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct MarketDataProviderTests {
    let asOf = Timestamp(iso8601: "2026-03-01T08:00:00Z")!

    @Test func theRequestsOwnPricesWinAndUsablePricesFillTheRest() {
        let provider = ManualPriceSource(["BTC": 60_000, "ETH": 3_000])
        provider.set("SOL", nil, status: .unavailable, reason: "no source answers")
        var portfolio = Portfolio(positions: [Position(instrument: .perpetual("BTC"), size: 1), Position(instrument: .perpetual("ETH"), size: 1),
                                              Position(instrument: .perpetual("SOL"), size: 1)])
        var market = MarketData(["BTC": AssetMarket(spot: 61_000)])
        provider.complete(&portfolio, &market, assets: portfolio.pricedAssets(profiles: ["standard"]))
        #expect(market["BTC"]?.spot == 61_000)
        #expect(market["ETH"]?.spot == 3_000)
        // No usable price: left out, so the risk core names the asset.
        #expect(market["SOL"] == nil)
    }

    @Test func derivesCashAssetIsNeededOnlyUnderItsProfile() {
        let portfolio = Portfolio(collateral: [CollateralHolding(asset: "ETH", amount: 1)], positions: [Position(instrument: .perpetual("BTC"), size: 1)])
        #expect(portfolio.pricedAssets(profiles: ["standard"]) == ["BTC", "ETH"])
        #expect(portfolio.pricedAssets(profiles: ["standard", "derive-pmrm2"]) == ["BTC", "ETH", "USDC"])
    }

    @Test func optionQuotesGiveMissingMarksAndForwards() {
        struct Quoted: MarketDataProvider {
            func quotes() -> [String: PriceQuote] { [:] }
            func quote(_ asset: String) -> PriceQuote? { nil }
            func optionQuote(_ instrument: String) -> OptionQuote? {
                instrument == "BTC-31MAR26-65000-C" ? OptionQuote(instrument: instrument, markIv: 0.55, forward: 60_500) : nil
            }
            func covers(_ asset: String) -> Bool { false }
            func coversOptions(_ asset: String) -> Bool { asset == "BTC" }
        }
        let expiry = Timestamp(iso8601: "2026-03-31T08:00:00Z")!
        let quoted = Instrument.option("BTC", .call, strike: 65_000, expiry: expiry)
        let unquoted = Instrument.option("BTC", .put, strike: 50_000, expiry: expiry)
        var portfolio = Portfolio(positions: [Position(instrument: quoted, size: 1), Position(instrument: unquoted, size: 1, markIv: 0.7),
                                              Position(instrument: quoted, size: 1, markIv: 0.9)])
        var market = MarketData(["BTC": AssetMarket(spot: 60_000)])
        Quoted().complete(&portfolio, &market, assets: [])
        #expect(portfolio.positions.map(\.markIv) == [0.55, 0.7, 0.9])
        #expect(market["BTC"]?.expiries[expiry]?.forward == 60_500)
    }

    /// Options on an underlying it gives no marks for are not looked up (a request of
    /// thousands of options forms no names for them).
    @Test func optionsItDoesNotCoverAreNotLookedUp() {
        final class Counting: MarketDataProvider, @unchecked Sendable {
            var asked: [String] = []
            func quotes() -> [String: PriceQuote] { [:] }
            func quote(_ asset: String) -> PriceQuote? { nil }
            func optionQuote(_ instrument: String) -> OptionQuote? {
                asked.append(instrument)
                return nil
            }
            func covers(_ asset: String) -> Bool { false }
            func coversOptions(_ asset: String) -> Bool { asset == "BTC" }
        }
        let expiry = Timestamp(iso8601: "2026-03-31T08:00:00Z")!
        var portfolio = Portfolio(positions: [Position(instrument: .option("ETH", .call, strike: 3_000, expiry: expiry), size: 1),
                                              Position(instrument: .option("BTC", .put, strike: 50_000, expiry: expiry), size: 1)])
        var market = MarketData()
        let provider = Counting()
        provider.complete(&portfolio, &market, assets: [])
        #expect(provider.asked == ["BTC-31MAR26-50000-P"])
    }
}
