/// Whose price wins for an asset both the venue and the feeds price (config `prices.precedence`).
public enum PricePrecedence: String, Sendable, CaseIterable {
    /// Only the venue's prices; the feeds are not asked (they may still be polled for options).
    case venueOnly = "venue-only"
    /// The venue's price while it is fresh, the feeds' otherwise (the default).
    case venueFirst = "venue-first"
    /// Only the feeds; posted prices are kept and shown but not used.
    case feedsOnly = "feeds-only"
}
