import PriceOracle

/// One asset's price as a market data provider gives it, with its verdict on it (ok, volatile,
/// unavailable).
public struct PriceQuote: Sendable, Equatable {
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

extension PriceQuote {
    /// The oracle's aggregate as a quote.
    init(_ price: AggregatedPrice) {
        self.init(price: price.price, confidence: price.confidence, status: price.status, reason: price.reason)
    }
}
