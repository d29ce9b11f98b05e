/// A shard's lease as stored: held by `owner` until `expiresAt`, at `epoch` (raised by every
/// claim). A released or expired lease keeps its epoch for the next claimer to raise.
public struct ShardLeaseRecord: Hashable, Sendable {
    public var shard: Int
    public var owner: String?
    public var epoch: Int64
    public var expiresAt: Double
}
