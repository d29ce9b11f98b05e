/// An instance's heartbeat as stored: it is live until `expiresAt`.
public struct InstanceRecord: Hashable, Sendable {
    public var id: String
    public var heartbeatAt: Double
    public var expiresAt: Double
}
