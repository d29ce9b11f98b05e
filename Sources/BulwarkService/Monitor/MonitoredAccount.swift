import RiskCore

/// An account the monitor holds: its stored document, what it is exposed to and its health.
struct MonitoredAccount: Sendable {
    var id: String
    var version: Int
    /// Its document; nil in the monitor's table for an account the compact book holds (the book
    /// keeps its portfolio, the table no second copy): every read that hands an account out
    /// gives it back with `restored(from:)`.
    private var heldDocument: AccountDocument?
    /// Assets whose price moves the account: underlyings and collateral priced by the market.
    var exposure: Set<String>
    var health: AccountHealth?
    /// The monitor's market generation `health` was margined at: a re-margin started at an
    /// older market never replaces it.
    var marketGeneration = 0
    /// The status its last event gave it (nil: none yet), as the store holds it.
    var lastStatus: String?
    /// Its place in the monitor's compact book, when the book holds it.
    var slot: CompactBook.Slot?
    /// Deribit names of the option positions by index, built once for an account margined
    /// one by one (100,000 accounts are re-margined per tick); empty for one the compact book
    /// holds, which is priced from the book's shared tables.
    var optionNames: [(index: Int, name: String)]

    init(id: String, version: Int, document: AccountDocument) {
        self.id = id
        self.version = version
        heldDocument = document
        exposure = document.portfolio.pricedAssets(profiles: [document.methodology])
        optionNames = document.portfolio.optionNames
    }

    /// Its document. Reading it in the monitor's table from an account the book holds is a bug.
    var document: AccountDocument {
        guard let heldDocument else { preconditionFailure("account \(id): read from the monitor's table without restored(from:)") }
        return heldDocument
    }

    /// The account's currency, wherever its document is: the book holds USD accounts only.
    var currency: String { heldDocument?.portfolio.currency ?? AccountCurrency.quoteCode }

    /// Drops the document once the book holds the account.
    mutating func releaseDocument() {
        if slot != nil { heldDocument = nil }
    }

    /// The account with its document, rebuilt from the book where the table dropped it.
    func restored(from book: CompactBook) -> MonitoredAccount {
        guard heldDocument == nil, let slot else { return self }
        var account = self
        account.heldDocument = AccountDocument(portfolio: book.portfolio(slot), mode: .portfolio, methodology: StandardMethodology.profileName)
        return account
    }
}
