import RiskCore

/// An account the monitor holds: its stored document, what it is exposed to and its health.
struct MonitoredAccount: Sendable {
    var id: String
    var version: Int
    var document: AccountDocument
    /// Assets whose price moves the account: underlyings and collateral priced by the market.
    var exposure: Set<String>
    var health: AccountHealth?
    /// The monitor's market generation `health` was margined at: a re-margin started at an
    /// older market never replaces it.
    var marketGeneration = 0
    /// Its place in the monitor's compact book, when the book holds it.
    var slot: CompactBook.Slot?
    /// Deribit names of the option positions by index, built once for an account margined
    /// one by one (100,000 accounts are re-margined per tick); empty for one the compact book
    /// holds, which is priced from the book's shared tables.
    var optionNames: [(index: Int, name: String)]

    init(id: String, version: Int, document: AccountDocument) {
        self.id = id
        self.version = version
        self.document = document
        exposure = document.portfolio.pricedAssets(profiles: [document.methodology])
        optionNames = document.portfolio.optionNames
    }
}
