import RiskCore

/// Why governance refused a step, in its own terms; the routes map each to a problem.
enum GovernanceError: Error {
    /// Fields of the request that cannot be accepted, each named.
    case invalid([ValidationIssue])
    /// The proposed parameters do not make a valid set.
    case parameters(RiskError)
    case notFound(String)
    /// The proposal's state does not allow the step (late, duplicate, backtest running).
    case conflict(String)
    /// The store could not be read or written.
    case storage(any Error)
}
