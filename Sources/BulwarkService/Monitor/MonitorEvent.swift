import BulwarkJSON

/// Something dashboards are told about: a status transition, a pause or resumption of
/// liquidations on an asset, a liquidation execution, an insurance fund draw, a socialized loss.
public struct MonitorEvent: Sendable, Equatable {
    /// Assigned when stored; increasing, the SSE `id`.
    public var id: Int64
    /// `account.status`, `liquidations.paused`, `liquidations.resumed`, `liquidation.execution`,
    /// `insurance-fund.draw`, `loss.socialized`.
    public var type: String
    public var account: String?
    /// Seconds since the epoch.
    public var time: Double
    public var payload: JSONObject

    public init(id: Int64 = 0, type: String, account: String? = nil, time: Double, payload: JSONObject) {
        self.id = id
        self.type = type
        self.account = account
        self.time = time
        self.payload = payload
    }
}
