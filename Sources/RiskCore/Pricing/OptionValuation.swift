/// Price and Greeks of one unit of an option, in the quote currency.
///
/// Delta and gamma are with respect to the spot, the forward moving in proportion
/// (dF/dS = F/S); vega is per 1.00 of volatility; theta per year, spot held fixed.
public struct OptionValuation: Hashable, Sendable {
    public var price: Double
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double

    public init(price: Double, delta: Double, gamma: Double, vega: Double, theta: Double) {
        self.price = price
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
    }
}
