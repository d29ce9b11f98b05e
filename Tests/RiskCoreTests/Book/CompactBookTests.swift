import Testing
@testable import RiskCore

@Suite struct CompactBookTests {
    @Test func accountsComeBackAsTheyWentInThroughRemovalsAndCompaction() {
        var random = SeededRandom(seed: 5)
        var book = CompactBook()
        var held: [CompactBook.Slot: Portfolio] = [:]
        for round in 0..<3 {
            for _ in 0..<400 {
                let portfolio = BookPricingTests.account(&random)
                held[book.insert(portfolio)!] = portfolio
            }
            // Remove most of them: enough unused positions to compact the arrays.
            for slot in held.keys.sorted().prefix(300 + round * 10) {
                book.remove(slot)
                held[slot] = nil
            }
        }
        #expect(book.count == held.count)
        for (slot, portfolio) in held { #expect(book.portfolio(slot) == portfolio) }
        // Freed slots are reused before the arrays grow.
        let slotsBefore = book.cash.count
        _ = book.insert(Portfolio(cash: 1))
        #expect(book.cash.count == slotsBefore)
        #expect(book.size.count < 3 * 400 * 12)
    }

    @Test func holdsUSDAccountsOfQuoteSettledPositionsOnly() {
        let linear = Position(instrument: .perpetual("BTC"), size: 1)
        #expect(CompactBook.holds(Portfolio(positions: [linear])))
        #expect(!CompactBook.holds(Portfolio(positions: [linear], currency: "BTC")))
        #expect(!CompactBook.holds(Portfolio(positions: [Position(instrument: Instrument.perpetual("BTC").settled(in: .coin), size: 100, sizeUnit: .usd)])))
        #expect(!CompactBook.holds(Portfolio(positions: [Position(instrument: .option("BTC", .call, strike: 1, expiry: BookPricingTests.march), size: 1, markPrice: 10)])))
        var book = CompactBook()
        #expect(book.insert(Portfolio(positions: [linear], currency: "ETH")) == nil)
        #expect(book.count == 0)
    }
}
