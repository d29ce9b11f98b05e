/// An account the monitor holds: its stored document, what it is exposed to and its health.
struct MonitoredAccount: Sendable {
    var id: String
    var version: Int
    var document: AccountDocument
    /// Assets whose price moves the account: underlyings and collateral priced by the market.
    var exposure: Set<String>
    var health: AccountHealth?
    /// Deribit names of the option positions by index, built once: the oracle's option quotes are keyed by them.
    var optionNames: [(index: Int, name: String)]

    init(id: String, version: Int, document: AccountDocument) {
        self.id = id
        self.version = version
        self.document = document
        var exposure = Set(document.portfolio.positions.map(\.instrument.underlying))
        for holding in document.portfolio.collateral where holding.price == nil { exposure.insert(holding.asset) }
        if document.methodology == "derive-pmrm2" { exposure.insert(OracleMarketFiller.cashAsset) }
        self.exposure = exposure
        optionNames = document.portfolio.positions.enumerated().compactMap { index, position in
            guard position.instrument.kind.isOption, let name = position.instrument.deribitName else { return nil }
            return (index, name)
        }
    }
}
