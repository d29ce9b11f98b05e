import PriceOracle

/// Where the health monitor reads prices: the oracle in the service, a settable source in
/// tests and benchmarks.
public protocol MarketSnapshotSource: Sendable {
    func quotes() -> [String: MonitorQuote]
    /// Mark IV and forward of a listed option, by Deribit name.
    func optionQuote(_ instrument: String) -> OptionQuote?
}

/// The oracle as the monitor's price source.
struct OracleSnapshotSource: MarketSnapshotSource {
    let oracle: PriceOracle

    func quotes() -> [String: MonitorQuote] {
        var quotes: [String: MonitorQuote] = [:]
        for price in oracle.prices() {
            quotes[price.asset] = MonitorQuote(price: price.price, confidence: price.confidence, status: price.status, reason: price.reason)
        }
        return quotes
    }

    func optionQuote(_ instrument: String) -> OptionQuote? { oracle.optionQuote(instrument) }
}
