import RiskCore

extension RiskError {
    /// One line for a health document: why the account could not be margined.
    var summary: String {
        switch self {
        case .invalid(let issues): issues.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
        case .missingMarketData(_, _, let reason): reason
        case .unsupported(_, let reason): reason
        }
    }
}
