/// The instances sharing one store and the shard leases they hold (docs/SCALING.md). The
/// lease logic is written once over these primitives (Cluster/ClusterRepository+Leases.swift);
/// each runs inside a write transaction, which serializes it with every other write.
public protocol ClusterRepository {
    /// The store's clock in seconds since 1970: PostgreSQL's own, one clock for every
    /// instance whatever theirs say; the process's for SQLite, which has one instance.
    func now() throws -> Double

    func saveInstance(_ id: String, address: String?, heartbeatAt: Double, expiresAt: Double) throws

    func removeInstance(_ id: String) throws

    /// Every instance row, live or not, by id.
    func instances() throws -> [InstanceRecord]

    /// Every shard that was ever leased; a shard without a row has never had an owner.
    func leases() throws -> [ShardLeaseRecord]

    /// One shard's lease row, if it was ever leased (the fence reads only this).
    func lease(of shard: Int) throws -> ShardLeaseRecord?

    func saveLease(_ lease: ShardLeaseRecord) throws
}
