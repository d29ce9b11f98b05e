/// The guards of one asset's price (docs/ORACLE.md).
public struct AggregationPolicy: Hashable, Sendable, Codable {
    /// Sources further than this from the median (relative) are left out.
    public var maxDeviation: Double = 0.02
    /// Fewer sources left than this and the asset is unavailable; nil means 2 where 2 or more
    /// sources are configured, else 1.
    public var quorum: Int?
    /// A median move larger than `circuitBreakerMove` (relative) within `circuitBreakerWindow`
    /// seconds marks the asset volatile.
    public var circuitBreakerMove: Double = 0.10
    public var circuitBreakerWindow: Double = 300

    public init() {}

    public func effectiveQuorum(configuredSources: Int) -> Int {
        quorum ?? (configuredSources >= 2 ? 2 : 1)
    }
}
