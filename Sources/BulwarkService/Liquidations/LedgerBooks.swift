import RiskCore

/// The ledger's books in one currency (docs/LIQUIDATION.md, "Ledger"): a journal moves money
/// within one currency, so every currency's books sum to zero on their own. USD books keep
/// their plain names (`insurance-fund`, `account:alice`); a coin's carry `@` and its code
/// (`insurance-fund@BTC`, `account:bob@BTC`), which no account or keeper id can contain.
struct LedgerBooks: Sendable, Equatable {
    var currency: String

    static let usd = LedgerBooks(currency: AccountCurrency.quoteCode)

    func account(_ id: String) -> String { named(LedgerJournal.account(id)) }
    func keeper(_ id: String) -> String { named(LedgerJournal.keeper(id)) }
    var insuranceFund: String { named(LedgerJournal.insuranceFund) }
    var market: String { named(LedgerJournal.market) }
    var fees: String { named(LedgerJournal.fees) }
    var external: String { named(LedgerJournal.external) }

    private func named(_ book: String) -> String {
        currency == AccountCurrency.quoteCode ? book : "\(book)@\(currency)"
    }

    /// The currency a book is kept in.
    static func currency(of book: String) -> String {
        guard let at = book.lastIndex(of: "@") else { return AccountCurrency.quoteCode }
        return String(book[book.index(after: at)...])
    }
}
