import Foundation
import PriceOracle
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct VenueAndFeedsMarketDataTests {
    let clock = TestClock()

    func book() throws -> VenuePriceBook {
        let store = try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-book-\(UUID().uuidString)").path)
        let clock = clock
        let book = VenuePriceBook(store: store, maxAge: 60, clock: { clock.now })
        try book.post([VenuePrice(asset: "BTC", price: 90_000, timestamp: clock.now, receivedAt: clock.now)])
        return book
    }

    let feeds = ManualPriceSource(["BTC": 89_000, "ETH": 3_000])

    /// The monitor's bulk read gives what the request path's one-asset read does.
    func agrees(_ market: VenueAndFeedsMarketData) -> Bool {
        market.quotes().allSatisfy { asset, quote in market.quote(asset) == quote }
    }

    @Test func venueFirstUsesAFreshPostThenTheFeeds() throws {
        let market = VenueAndFeedsMarketData(venue: try book(), feeds: feeds, precedence: .venueFirst)
        #expect(market.source(of: "BTC") == .venue && market.quote("BTC")?.price == 90_000)
        #expect(market.source(of: "ETH") == .feeds && market.quote("ETH")?.price == 3_000)
        #expect(market.source(of: "SOL") == nil && !market.covers("SOL"))
        clock.advance(61)
        #expect(market.source(of: "BTC") == .feeds && market.quote("BTC")?.price == 89_000)
        #expect(Set(market.quotes().keys) == ["BTC", "ETH"] && agrees(market))
    }

    @Test func venueOnlyNeverAsksTheFeeds() throws {
        let market = VenueAndFeedsMarketData(venue: try book(), feeds: feeds, precedence: .venueOnly)
        #expect(market.source(of: "ETH") == nil && Set(market.quotes().keys) == ["BTC"])
        clock.advance(61)
        // Stale, and no fallback: unavailable, saying why.
        #expect(market.quote("BTC")?.status == .unavailable && market.quote("BTC")?.price == nil)
        #expect(market.quote("BTC")?.reason == "the venue's price is 61 s old (prices.maxAge 60 s)" && agrees(market))
    }

    @Test func feedsOnlyKeepsPostsButDoesNotUseThem() throws {
        let market = VenueAndFeedsMarketData(venue: try book(), feeds: feeds, precedence: .feedsOnly)
        #expect(market.quote("BTC")?.price == 89_000 && Set(market.quotes().keys) == ["BTC", "ETH"] && agrees(market))
    }
}
