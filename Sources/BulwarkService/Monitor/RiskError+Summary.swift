import RiskCore

extension RiskError {
    /// One line for a health document: why the account could not be margined.
    var summary: String {
        switch self {
        case .invalid(let issues): issues.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
        case .invalidParameters(let issues): issues.map { "methodology.parameters.\($0.field): \($0.reason)" }.joined(separator: "; ")
        case .missingMarketData(let asset, let missing, let reason): missing.requestReason(reason, asset: asset)
        case .unsupported(_, let reason): reason
        }
    }
}
