/// Market data for one asset: an underlying (spot index, perpetual mark, ATM volatility,
/// forwards per expiry) or a collateral asset (spot only).
public struct AssetMarket: Hashable, Sendable {
    /// Spot (index) price in the quote currency.
    public var spot: Double
    public var spotConfidence: Double?
    /// Mark price of the perpetual; the spot when absent.
    public var perpPrice: Double?
    public var perpConfidence: Double?
    /// At-the-money implied volatility, the fallback for options without a mark IV (1.0 = 100%).
    public var atmVolatility: Double?
    /// Forward and rate per expiry; an expiry without an entry uses forward = spot and rate 0.
    public var expiries: [Timestamp: ExpiryMarket]

    public init(spot: Double, spotConfidence: Double? = nil, perpPrice: Double? = nil, perpConfidence: Double? = nil,
                atmVolatility: Double? = nil, expiries: [Timestamp: ExpiryMarket] = [:]) {
        self.spot = spot
        self.spotConfidence = spotConfidence
        self.perpPrice = perpPrice
        self.perpConfidence = perpConfidence
        self.atmVolatility = atmVolatility
        self.expiries = expiries
    }

    /// The forward curve point for an expiry, defaulting to spot with a zero rate.
    public func expiryMarket(_ expiry: Timestamp) -> ExpiryMarket {
        expiries[expiry] ?? ExpiryMarket(forward: spot, rate: 0)
    }

    public var perpetualMark: Double { perpPrice ?? spot }

    /// Checks prices, volatility and confidences; fields are relative to this entry (`spot`, `expiries[...].forward`).
    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func price(_ value: Double?, _ field: String) {
            guard let value else { return }
            if let issue = ValueCheck.positivePrice(value, field: field) { issues.append(issue) }
        }
        func confidence(_ value: Double?, _ field: String) {
            guard let value else { return }
            if let issue = ValueCheck.unitInterval(value, field: field) { issues.append(issue) }
        }
        price(spot, "spot")
        confidence(spotConfidence, "spotConfidence")
        price(perpPrice, "perpPrice")
        confidence(perpConfidence, "perpConfidence")
        if let atmVolatility, let issue = ValueCheck.volatility(atmVolatility, field: "vol") { issues.append(issue) }
        for (expiry, point) in expiries.sorted(by: { $0.key < $1.key }) {
            let prefix = "expiries[\(expiry.iso8601)]"
            price(point.forward, "\(prefix).forward")
            if !point.rate.isFinite || abs(point.rate) > 10 {
                issues.append(ValidationIssue(field: "\(prefix).rate", reason: "must be a finite rate between -10 and 10"))
            }
            confidence(point.forwardConfidence, "\(prefix).forwardConfidence")
            confidence(point.rateConfidence, "\(prefix).rateConfidence")
            confidence(point.volConfidence, "\(prefix).volConfidence")
        }
        return issues
    }
}
