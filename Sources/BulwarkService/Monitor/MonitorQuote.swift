import PriceOracle

/// One asset's price as the monitor sees it, with the oracle's verdict on it.
public struct MonitorQuote: Sendable, Equatable {
    public var price: Double?
    public var confidence: Double?
    public var status: AggregatedPrice.Status
    public var reason: String?

    public init(price: Double?, confidence: Double? = nil, status: AggregatedPrice.Status = .ok, reason: String? = nil) {
        self.price = price
        self.confidence = confidence
        self.status = status
        self.reason = reason
    }

    /// Liquidations on an asset pause while its price is volatile or unavailable.
    public var pausesLiquidations: Bool { status != .ok }
}
