/// Computes collateral haircuts (docs/METHODOLOGY.md, "Collateral haircuts"):
///
///     haircut = min(1, z sigma sqrt(h/365) + liquidity + smartContract + correlation + concentration)
///
/// The correlation (wrong-way) add-on is correlationAddOn x rho(asset, u), taken for the
/// underlying u with the highest correlation among those the account is long: the collateral
/// and the positions then lose together. Concentration is concentrationFactor x sqrt(value / depth).
public struct HaircutModel: Sendable {
    public var parameters: CollateralParameters

    public init(parameters: CollateralParameters) {
        self.parameters = parameters
    }

    /// The haircut of `amount` of `asset` at `price` for an account with the given exposures,
    /// or nil when the asset is not in the registry.
    public func haircut(asset symbol: String, amount: Double, price: Double,
                        exposures: [String: ExposureDirection]) -> Haircut? {
        guard let asset = parameters.assets[symbol] else { return nil }
        var correlation = 0.0
        var correlatedWith: String?
        // Collateral is held long, so the account's long exposures are the wrong-way ones.
        for (underlying, direction) in exposures.sorted(by: { $0.key < $1.key }) where direction == .long {
            let addOn = correlationAddOn(asset, underlying)
            if addOn > correlation {
                correlation = addOn
                correlatedWith = underlying
            }
        }
        return haircut(asset, amount: amount, price: price, correlation: correlation, correlatedWith: correlatedWith)
    }

    /// The wrong-way add-on `asset` takes for a long exposure to `underlying`: correlationAddOn x max(rho, 0).
    public func correlationAddOn(_ asset: CollateralAsset, _ underlying: String) -> Double {
        let rho = underlying == asset.tracks ? 1.0 : (asset.correlations[underlying] ?? 0)
        return parameters.correlationAddOn * max(rho, 0)
    }

    /// The haircut of `amount` of `asset` at `price` with its correlation add-on already found.
    public func haircut(_ asset: CollateralAsset, amount: Double, price: Double, correlation: Double,
                        correlatedWith: String?) -> Haircut {
        let volatility = parameters.confidenceZ * asset.annualVolatility * (parameters.horizonDays / 365).squareRoot()
        let value = abs(amount * price)
        let concentration = parameters.concentrationFactor * (value / asset.marketDepth).squareRoot()
        return Haircut(volatility: volatility, liquidity: asset.liquidityHaircut, smartContract: asset.smartContractRisk,
                       correlation: correlation, concentration: concentration, correlatedWith: correlatedWith)
    }
}
