/// The haircut model's parameters and the asset registry (docs/METHODOLOGY.md, "Collateral haircuts").
public struct CollateralParameters: Codable, Hashable, Sendable {
    /// z: standard normal quantile of the volatility component (2.33 = 99% one-sided).
    public var confidenceZ: Double = 2.33
    /// h: days to sell collateral after a default.
    public var horizonDays: Double = 2
    /// Wrong-way add-on per unit of correlation, when the account is exposed in the asset's direction.
    public var correlationAddOn: Double = 0.10
    /// Concentration add-on = factor x sqrt(value / depth).
    public var concentrationFactor: Double = 0.10
    public var assets: [String: CollateralAsset]

    public init(assets: [String: CollateralAsset]) {
        self.assets = assets
    }

    func validationIssues() -> [ValidationIssue] {
        var issues = [
            ParameterCheck.positive(confidenceZ, "confidenceZ", maximum: 10),
            ParameterCheck.positive(horizonDays, "horizonDays", maximum: 365),
            ParameterCheck.rate(correlationAddOn, "correlationAddOn"),
            ParameterCheck.rate(concentrationFactor, "concentrationFactor"),
        ].compactMap { $0 }
        for (symbol, asset) in assets.sorted(by: { $0.key < $1.key }) {
            if !Instrument.isValidUnderlying(symbol) {
                issues.append(ValidationIssue(field: "assets.\(symbol)", reason: "is not an asset symbol (upper-case letters, digits or '_')"))
            }
            issues += asset.validationIssues().map { $0.nested(under: "assets.\(symbol)") }
        }
        return issues
    }
}
