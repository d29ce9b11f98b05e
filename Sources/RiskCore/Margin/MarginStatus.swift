/// Where an account stands against its margin lines.
public enum MarginStatus: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    /// equity >= initial margin.
    case healthy
    /// maintenance <= equity < initial: no new risk, not yet liquidated.
    case warning
    /// 0 <= equity < maintenance: the liquidation engine acts.
    case liquidatable
    /// equity < 0: losses already exceed the account's assets.
    case insolvent

    public init(equity: Double, initialMargin: Double, maintenanceMargin: Double) {
        if equity < 0 {
            self = .insolvent
        } else if equity < maintenanceMargin {
            self = .liquidatable
        } else if equity < initialMargin {
            self = .warning
        } else {
            self = .healthy
        }
    }

    private var severity: Int {
        switch self {
        case .healthy: 0
        case .warning: 1
        case .liquidatable: 2
        case .insolvent: 3
        }
    }

    /// Ordered from healthy to insolvent.
    public static func < (lhs: MarginStatus, rhs: MarginStatus) -> Bool { lhs.severity < rhs.severity }
}
