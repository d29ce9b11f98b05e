/// What an API key may do. `admin` may do everything; the others their own part and reading.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// GETs, and computations that change nothing (margin, scenarios, what-if).
    case reader
    /// Account and trade writes, liquidation executions, insurance fund deposits.
    case exchange
    /// Parameter proposals and council approvals.
    case risk
    case admin

    /// Whether a key with this role may call a route that requires `required`.
    public func permits(_ required: Role) -> Bool {
        self == .admin || self == required || required == .reader
    }
}
