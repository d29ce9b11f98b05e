import RiskCore

/// An account's standing as the monitor last computed it.
public struct AccountHealth: Sendable, Equatable {
    /// Bumped whenever the figures change: the health ETag.
    public var stateVersion: Int
    public var accountVersion: Int
    public var asOf: Timestamp
    /// The market the account was margined at: shared by every account of a tick, so holding
    /// it costs a reference, not a dictionary per account.
    var market: MarketData
    /// The assets the account is exposed to.
    var exposure: Set<String>

    /// The prices of the assets the account is exposed to, as used.
    public var prices: [String: Double] { market.spots(of: exposure) }
    public var figures: Figures?
    /// Why there are no figures: a price the oracle cannot give, or a stored account that no longer validates.
    public var unpricedReason: String?

    public typealias Figures = MarginFigures

    /// The status for lists and filters: a margin status, or `unpriced`.
    public var statusName: String { figures?.status.rawValue ?? "unpriced" }
}
