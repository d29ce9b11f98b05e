/// Why the risk core could not compute a result, in Strata's spirit: invalid input,
/// missing market data, or a request the methodology does not support.
public enum RiskError: Error, Hashable, Sendable {
    /// Inputs that are present but not acceptable; every issue names its path in the inputs
    /// (`positions[2].strike`, `collateral[0].amount`, `market.BTC.spot`, `grid`).
    case invalid([ValidationIssue])
    /// A parameter set that is not acceptable (with a request's overrides, say); every issue
    /// names its path in the set (`initialMarginFactor`, `VolShock.DTE_FLOOR`).
    case invalidParameters([ValidationIssue])
    /// A price, forward or volatility the calculation needs and does not have.
    /// `asset` names the underlying or collateral asset, so the service can ask the oracle for it.
    case missingMarketData(asset: String, missing: MissingMarketData, reason: String)
    /// A valid request this methodology cannot handle.
    case unsupported(field: String, reason: String)

    public static func invalid(field: String, reason: String) -> RiskError {
        .invalid([ValidationIssue(field: field, reason: reason)])
    }
}
