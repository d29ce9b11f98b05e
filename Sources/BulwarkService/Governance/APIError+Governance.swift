extension APIError {
    /// The problem for a step governance refused.
    init(_ error: GovernanceError) {
        switch error {
        case .invalid(let issues): self = .invalid(issues)
        case .parameters(let error): self = APIError(error)
        case .notFound(let detail): self = .notFound(detail)
        case .conflict(let detail): self = .conflict(detail)
        case .storage(let error): self = .storage(error)
        }
    }
}
