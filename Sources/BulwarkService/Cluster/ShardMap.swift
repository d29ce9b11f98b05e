/// Which shard an account belongs to: FNV-1a (64-bit) of its id's UTF-8 bytes, modulo the
/// shard count. Stable across processes, machines and releases, unlike Swift's `Hasher`
/// (seeded per process), so every instance agrees on the owner of every account.
public struct ShardMap: Hashable, Sendable {
    public var shardCount: Int

    public init(shardCount: Int) {
        precondition(shardCount > 0, "a shard map needs at least one shard")
        self.shardCount = shardCount
    }

    public func shard(of accountID: String) -> Int {
        Int(Self.fnv1a(accountID) % UInt64(shardCount))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
