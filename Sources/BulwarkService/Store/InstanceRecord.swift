/// An instance's heartbeat as stored: it is live until `expiresAt`.
public struct InstanceRecord: Hashable, Sendable {
    public var id: String
    /// Where other instances reach it (`http://host:port`), when it advertises one.
    public var address: String?
    public var heartbeatAt: Double
    public var expiresAt: Double
}
