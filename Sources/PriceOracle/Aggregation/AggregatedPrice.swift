/// An asset's price after aggregation, with each source's part in it.
public struct AggregatedPrice: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// A median of enough fresh, agreeing sources.
        case ok
        /// As ok, but the median moved more than the circuit breaker allows: liquidations pause.
        case volatile
        /// No price: too few fresh, agreeing sources. Requests needing it get 503.
        case unavailable
    }

    /// One source as aggregation saw it.
    public struct Source: Hashable, Sendable {
        public var name: String
        public var price: Double?
        /// Seconds since the source's own timestamp (or the fetch, when it sends none).
        public var age: Double?
        public var included: Bool
        /// Why it was left out: stale, outlier, or the fetch's error.
        public var reason: String?
    }

    public var asset: String
    public var price: Double?
    public var confidence: Double?
    public var status: Status
    /// Why the asset is unavailable or volatile.
    public var reason: String?
    public var sources: [Source]
}
