/// A shard an instance holds, and the epoch of its lease: every claim raises the epoch, so a
/// write fenced by (shard, owner, epoch) fails for an owner that lost the shard, even if it
/// took it back later.
public struct ShardLease: Hashable, Sendable {
    public var shard: Int
    public var epoch: Int64

    public init(shard: Int, epoch: Int64) {
        self.shard = shard
        self.epoch = epoch
    }
}
