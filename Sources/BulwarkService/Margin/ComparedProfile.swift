import RiskCore

/// One profile of a comparison: its result, or why it cannot margin the portfolio.
struct ComparedProfile {
    var profile: String
    var result: MarginResult?
    var parametersHash: String?
    var error: APIError?
}
