/// How the liquidation engine works an account back above its line (docs/LIQUIDATION.md).
public struct LiquidationParameters: Codable, Hashable, Sendable {
    /// A plan stops once equity >= targetRatio x maintenance margin.
    public var targetRatio: Double = 1.1
    /// Liquidation penalty, a fraction of the notional (|size| x spot) each step closes.
    public var penaltyRate: Double = 0.01
    /// The keeper's share of the penalty; the rest goes to the insurance fund.
    public var keeperShare: Double = 0.5
    /// What one liquidation step costs the keeper to execute (gas, in the quote currency).
    public var gasCost: Double = 5
    /// How a loss the insurance fund cannot cover is spread over other accounts.
    public var socialization: SocializationMethod = .autoDeleveraging
    /// A plan never has more steps than this.
    public var maximumSteps: Int = 32

    public init() {}

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !(targetRatio >= 1 && targetRatio <= 10) {
            issues.append(ValidationIssue(field: "targetRatio", reason: "must be between 1 and 10"))
        }
        if !(penaltyRate >= 0 && penaltyRate <= 0.5) {
            issues.append(ValidationIssue(field: "penaltyRate", reason: "must be between 0 and 0.5"))
        }
        if !(keeperShare >= 0 && keeperShare <= 1) {
            issues.append(ValidationIssue(field: "keeperShare", reason: "must be between 0 and 1"))
        }
        if !(gasCost >= 0 && gasCost <= 1e9) {
            issues.append(ValidationIssue(field: "gasCost", reason: "must be between 0 and 1e9"))
        }
        if !(1...1_000).contains(maximumSteps) {
            issues.append(ValidationIssue(field: "maximumSteps", reason: "must be between 1 and 1000"))
        }
        return issues
    }
}
