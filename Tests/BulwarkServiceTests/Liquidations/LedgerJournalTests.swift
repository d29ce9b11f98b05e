import Testing
@testable import BulwarkService

@Suite struct LedgerJournalTests {
    @Test func aTransferIsTwoLinesThatCancel() throws {
        var journal = LedgerJournal(reason: "trade")
        journal.transfer(2.5, from: LedgerJournal.account("a"), to: LedgerJournal.fees)
        journal.transfer(0, from: LedgerJournal.market, to: LedgerJournal.account("a"))
        #expect(journal.lines == [.init(book: "account:a", amount: -2.5), .init(book: "fees", amount: 2.5)])
        #expect(try journal.postableLines() == journal.lines)
    }

    @Test func onlyZeroLinesAreDroppedAndAnUnbalancedJournalIsRefused() throws {
        let zero = LedgerJournal(reason: "nothing", lines: [.init(book: "fees", amount: 0)])
        #expect(try zero.postableLines().isEmpty)
        // Rounding of the largest line is tolerated; a real imbalance is not.
        let rounded = LedgerJournal(reason: "rounding", lines: [.init(book: "a", amount: 0.1 + 0.2), .init(book: "b", amount: -0.3)])
        #expect(try rounded.postableLines().count == 2)
        let unbalanced = LedgerJournal(reason: "bug", lines: [.init(book: "a", amount: 1), .init(book: "b", amount: -0.999)])
        #expect(throws: LedgerError.self) { try unbalanced.postableLines() }
    }

    @Test func aCoinsBooksCarryItsCodeAndUSDBooksKeepTheirNames() {
        let btc = LedgerBooks(currency: "BTC")
        #expect(btc.account("a:b") == "account:a:b@BTC" && btc.insuranceFund == "insurance-fund@BTC" && btc.keeper("k") == "keeper:k@BTC")
        #expect(LedgerBooks.usd.account("a") == LedgerJournal.account("a") && LedgerBooks.usd.market == LedgerJournal.market)
        #expect(LedgerBooks.currency(of: "account:a:b@BTC") == "BTC" && LedgerBooks.currency(of: "account:a:b") == "USD")
        #expect(LedgerBooks.currency(of: "fees@ETH") == "ETH" && LedgerBooks.currency(of: "external") == "USD")
    }
}
