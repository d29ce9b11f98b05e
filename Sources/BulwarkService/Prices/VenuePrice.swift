/// A price the venue posted for an asset (`PUT /v1/prices/{asset}`): its own index or mark,
/// which it wants the engine to use.
public struct VenuePrice: Sendable, Equatable {
    public var asset: String
    public var price: Double
    /// How sure the venue is of it, 0 to 1; none given, the price is taken as certain.
    public var confidence: Double?
    /// When the venue computed it, seconds since the epoch: the body's `timestamp`, or when it
    /// arrived. Staleness counts from here.
    public var timestamp: Double
    /// When the service received it.
    public var receivedAt: Double

    public init(asset: String, price: Double, confidence: Double? = nil, timestamp: Double, receivedAt: Double) {
        self.asset = asset
        self.price = price
        self.confidence = confidence
        self.timestamp = timestamp
        self.receivedAt = receivedAt
    }
}
