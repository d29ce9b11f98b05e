/// A collateral haircut and the components it is the capped sum of.
public struct Haircut: Hashable, Sendable {
    public var volatility: Double
    public var liquidity: Double
    public var smartContract: Double
    public var correlation: Double
    public var concentration: Double
    /// The underlying whose exposure triggered the correlation add-on, if any.
    public var correlatedWith: String?

    public init(volatility: Double, liquidity: Double, smartContract: Double, correlation: Double,
                concentration: Double, correlatedWith: String? = nil) {
        self.volatility = volatility
        self.liquidity = liquidity
        self.smartContract = smartContract
        self.correlation = correlation
        self.concentration = concentration
        self.correlatedWith = correlatedWith
    }

    /// min(1, sum of the components).
    public var total: Double {
        min(1, volatility + liquidity + smartContract + correlation + concentration)
    }
}
