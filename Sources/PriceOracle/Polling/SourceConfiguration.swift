/// One configured source: what to fetch, how often, and how old its price may get.
public struct SourceConfiguration: Sendable {
    public var feed: any PriceFeed
    /// Seconds between fetches when all is well.
    public var interval: Double
    /// Older than this (seconds) and the source's price is stale.
    public var maxAge: Double

    public init(feed: any PriceFeed, interval: Double = 5, maxAge: Double = 30) {
        self.feed = feed
        self.interval = interval
        self.maxAge = maxAge
    }
}

/// The sources of one asset and the guards of its price.
public struct AssetFeeds: Sendable {
    public var sources: [SourceConfiguration]
    public var policy: AggregationPolicy

    public init(sources: [SourceConfiguration], policy: AggregationPolicy = AggregationPolicy()) {
        self.sources = sources
        self.policy = policy
    }
}
