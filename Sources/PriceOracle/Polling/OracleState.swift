import Synchronization

/// What the pollers have learnt, shared with the readers behind a lock.
final class OracleState: Sendable {
    struct Record: Sendable {
        var health: SourceHealth
        var asset: String?
        var maxAge: Double
        var quote: SpotQuote?
        var fetchedAt: Double?
        var options: [OptionQuote] = []
    }

    struct Contents: Sendable {
        var records: [String: Record] = [:]
        /// Recent medians per asset, for the circuit breaker.
        var history: [String: [(time: Double, price: Double)]] = [:]
        /// Latest option quotes by instrument name, with their fetch time.
        var options: [String: (quote: OptionQuote, fetchedAt: Double, maxAge: Double)] = [:]
    }

    let contents: Mutex<Contents>

    init(records: [String: Record]) {
        contents = Mutex(Contents(records: records))
    }
}
