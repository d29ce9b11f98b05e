import BulwarkJSON

/// The price publisher's latest tick on a shared store (docs/SCALING.md, "One price
/// publisher"): every feed price and option mark it aggregated, at the store's clock.
public struct PublishedTick: Sendable, Equatable {
    public var publisher: String
    /// The store's clock when it was published.
    public var publishedAt: Double
    public var document: JSONValue
}
