/// Lease logic over any backend's primitives (docs/SCALING.md, "Leases"). Run in a write
/// transaction: writers are serialized, so two instances never claim the same shard.
extension ClusterRepository {
    /// One heartbeat of `instance`: it stays live for `ttl` seconds, renews the leases it
    /// holds, gives up those above its fair share, and claims unowned or expired shards up to
    /// it. The fair share: the shards split evenly over the live instances sorted by id, the
    /// first `shardCount % live` taking one more. Returns the leases it holds afterwards.
    public func heartbeat(instance: String, address: String? = nil, shardCount: Int, ttl: Double) throws -> [ShardLease] {
        let now = try now()
        try saveInstance(instance, address: address, heartbeatAt: now, expiresAt: now + ttl)
        let live = try instances().filter { $0.expiresAt > now }.map(\.id).sorted()
        let position = live.firstIndex(of: instance) ?? 0
        let share = shardCount / max(1, live.count) + (position < shardCount % max(1, live.count) ? 1 : 0)
        var stored = Dictionary(try leases().map { ($0.shard, $0) }, uniquingKeysWith: { first, _ in first })
        var held = (0..<shardCount).filter { stored[$0]?.owner == instance && stored[$0]!.expiresAt > now }
        // Above its share (another instance joined): the highest shards go back.
        while held.count > share, let shard = held.popLast() {
            stored[shard]!.owner = nil
            stored[shard]!.expiresAt = now
            try saveLease(stored[shard]!)
        }
        for shard in held {
            stored[shard]!.expiresAt = now + ttl
            try saveLease(stored[shard]!)
        }
        // Below it: the lowest shards nobody holds, each at a new epoch.
        let free = (0..<shardCount).filter { shard in stored[shard].map { $0.owner == nil || $0.expiresAt <= now } ?? true }
        for shard in free.prefix(max(0, share - held.count)) {
            let lease = ShardLeaseRecord(shard: shard, owner: instance, epoch: (stored[shard]?.epoch ?? 0) + 1, expiresAt: now + ttl)
            try saveLease(lease)
            stored[shard] = lease
            held.append(shard)
        }
        return held.sorted().map { ShardLease(shard: $0, epoch: stored[$0]!.epoch) }
    }

    /// The price publisher's lease (the row of shard -1): renewed when `instance` holds it,
    /// claimed at a new epoch when nobody does or it lapsed; nil when another live instance
    /// holds it. One instance at a time publishes the feeds' prices (docs/SCALING.md).
    public func publisher(instance: String, ttl: Double) throws -> ShardLease? {
        let now = try now()
        let current = try lease(of: Self.publisherShard)
        if let current, let owner = current.owner, owner != instance, current.expiresAt > now { return nil }
        let held = current.map { $0.owner == instance && $0.expiresAt > now } ?? false
        let epoch = held ? current!.epoch : (current?.epoch ?? 0) + 1
        try saveLease(ShardLeaseRecord(shard: Self.publisherShard, owner: instance, epoch: epoch, expiresAt: now + ttl))
        return ShardLease(shard: Self.publisherShard, epoch: epoch)
    }

    /// The lease row the price publisher holds, beside the shards' 0 to shardCount - 1.
    public static var publisherShard: Int { -1 }

    /// A clean stop: the instance's row goes and its shards are free at once.
    public func leave(instance: String) throws {
        let now = try now()
        for var lease in try leases() where lease.owner == instance {
            lease.owner = nil
            lease.expiresAt = now
            try saveLease(lease)
        }
        try removeInstance(instance)
    }

    /// Whether `instance` holds `lease` now: the fence every owner-only write checks in its
    /// own transaction.
    public func holds(_ lease: ShardLease, instance: String) throws -> Bool {
        let now = try now()
        guard let stored = try self.lease(of: lease.shard) else { return false }
        return stored.owner == instance && stored.epoch == lease.epoch && stored.expiresAt > now
    }

    public func view(shardCount: Int) throws -> ClusterView {
        let now = try now()
        let live = try self.leases().filter { $0.owner != nil && $0.expiresAt > now }
        let leases = live.filter { (0..<shardCount).contains($0.shard) }
        let instances = try self.instances().filter { $0.expiresAt > now }.sorted { $0.id < $1.id }.map { instance in
            ClusterView.Instance(id: instance.id, address: instance.address, heartbeatAt: instance.heartbeatAt,
                                 shards: leases.filter { $0.owner == instance.id }.map(\.shard).sorted())
        }
        let owned = Set(leases.map(\.shard))
        return ClusterView(shardCount: shardCount, instances: instances, unowned: (0..<shardCount).filter { !owned.contains($0) },
                           pricePublisher: live.first { $0.shard == Self.publisherShard }?.owner, now: now)
    }
}
