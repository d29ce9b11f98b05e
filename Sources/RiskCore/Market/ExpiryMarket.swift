/// Forward and discount rate for one expiry of an underlying, with optional feed confidences in [0, 1].
public struct ExpiryMarket: Hashable, Sendable {
    public var forward: Double
    public var rate: Double
    public var forwardConfidence: Double?
    public var rateConfidence: Double?
    public var volConfidence: Double?

    public init(forward: Double, rate: Double = 0, forwardConfidence: Double? = nil,
                rateConfidence: Double? = nil, volConfidence: Double? = nil) {
        self.forward = forward
        self.rate = rate
        self.forwardConfidence = forwardConfidence
        self.rateConfidence = rateConfidence
        self.volConfidence = volConfidence
    }
}
