/// A source's latest state for one asset, the input of aggregation.
public struct SourceObservation: Hashable, Sendable {
    public var name: String
    /// The latest good quote, if any.
    public var quote: SpotQuote?
    /// When that quote was fetched (Unix seconds): its date when the source sends none.
    public var fetchedAt: Double?
    /// The latest fetch's failure, if it failed.
    public var error: String?
    /// Older than this (seconds) and the quote is stale.
    public var maxAge: Double

    public init(name: String, quote: SpotQuote?, fetchedAt: Double?, error: String? = nil, maxAge: Double = 30) {
        self.name = name
        self.quote = quote
        self.fetchedAt = fetchedAt
        self.error = error
        self.maxAge = maxAge
    }
}
