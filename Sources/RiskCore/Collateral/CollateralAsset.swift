/// A collateral asset of the registry and the risk figures its haircut is built from.
public struct CollateralAsset: Codable, Hashable, Sendable {
    /// What kind of asset it is, for people reading the registry.
    public enum Category: String, Codable, Hashable, Sendable {
        case stablecoin, native, wrapped, liquidStaking, lpToken, governance
    }

    public var category: Category
    /// The underlying whose price this asset follows (`BTC` for wrapped BTC), if any:
    /// portfolio margin moves risk-cancelling collateral with that underlying's spot.
    public var tracks: String?
    /// Annualised volatility of the asset's price in the quote currency.
    public var annualVolatility: Double
    /// Liquidity tier add-on: the extra discount of selling it in a hurry.
    public var liquidityHaircut: Double
    /// Smart-contract, bridge or issuer risk add-on.
    public var smartContractRisk: Double
    /// Quote-currency amount the market absorbs; the concentration add-on grows with value / depth.
    public var marketDepth: Double
    /// Correlation of the asset's returns with each underlying, for the wrong-way add-on.
    public var correlations: [String: Double]

    public init(category: Category, tracks: String? = nil, annualVolatility: Double, liquidityHaircut: Double,
                smartContractRisk: Double, marketDepth: Double, correlations: [String: Double] = [:]) {
        self.category = category
        self.tracks = tracks
        self.annualVolatility = annualVolatility
        self.liquidityHaircut = liquidityHaircut
        self.smartContractRisk = smartContractRisk
        self.marketDepth = marketDepth
        self.correlations = correlations
    }

    func validationIssues() -> [ValidationIssue] {
        var issues = [
            ParameterCheck.rate(annualVolatility, "annualVolatility", maximum: 100),
            ParameterCheck.rate(liquidityHaircut, "liquidityHaircut"),
            ParameterCheck.rate(smartContractRisk, "smartContractRisk"),
            ParameterCheck.positive(marketDepth, "marketDepth", maximum: 1e15),
        ].compactMap { $0 }
        for (underlying, correlation) in correlations.sorted(by: { $0.key < $1.key })
        where !correlation.isFinite || correlation < -1 || correlation > 1 {
            issues.append(ValidationIssue(field: "correlations.\(underlying)", reason: "must be between -1 and 1"))
        }
        if let tracks, !Instrument.isValidUnderlying(tracks) {
            issues.append(ValidationIssue(field: "tracks", reason: "must be an underlying symbol"))
        }
        return issues
    }
}
