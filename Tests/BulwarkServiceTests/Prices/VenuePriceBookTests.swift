import Foundation
import Testing
@testable import BulwarkService

@Suite struct VenuePriceBookTests {
    let clock = TestClock()

    func store() throws -> SQLiteStore {
        try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-prices-\(UUID().uuidString)").path)
    }

    @Test func aPostIsStoredUsedAndStaleAfterMaxAge() throws {
        let store = try store()
        let clock = clock
        let book = VenuePriceBook(store: store, maxAge: 30, clock: { clock.now })
        try book.post([VenuePrice(asset: "BTC", price: 90_000, confidence: 0.98, timestamp: 995, receivedAt: 1_000)])
        #expect(book.quote("BTC") == PriceQuote(price: 90_000, confidence: 0.98) && book.age(book.price("BTC")!) == 5)
        clock.advance(25)
        // At exactly maxAge it is still used.
        #expect(book.quote("BTC")?.status == .ok && book.quote("BTC")?.price == 90_000)
        clock.advance(1)
        let stale = book.quote("BTC")
        #expect(stale?.status == .unavailable && stale?.price == nil && stale?.reason == "the venue's price is 31 s old (prices.maxAge 30 s)")
        // Another book over the same store resumes with it.
        let again = VenuePriceBook(store: store, maxAge: 30, clock: { clock.now })
        try again.load()
        #expect(again.all == book.all && again.quote("ETH") == nil)
    }
}
