/// Where a parameter proposal stands (docs/GOVERNANCE.md).
public enum ProposalStatus: String, Sendable, Hashable, CaseIterable {
    /// The backtest runs; approvals wait for its report.
    case backtesting
    /// Report ready; collecting council signatures.
    case awaitingApproval = "awaiting-approval"
    /// Quorum reached; active once the timelock passes.
    case approved
    /// In force.
    case active
    /// Another proposal activated first: this one was made against parameters no longer in force.
    case superseded
    /// Not approved within the approval window.
    case expired
    /// The backtest could not run.
    case failed
}
