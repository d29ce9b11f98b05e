import PostgresNIO

struct PostgreSQLClusterRepository: ClusterRepository {
    let sql: PostgreSQLTransaction

    /// The server's clock, so that instances with skewed clocks agree on every expiry.
    func now() throws -> Double {
        try sql.scalar("SELECT extract(epoch FROM clock_timestamp())::double precision") ?? 0
    }

    func saveInstance(_ id: String, address: String?, heartbeatAt: Double, expiresAt: Double) throws {
        try sql.execute("""
            INSERT INTO cluster_instance (id, address, heartbeat_at, expires_at) VALUES (\(id), \(address), \(heartbeatAt), \(expiresAt))
            ON CONFLICT (id) DO UPDATE SET address = excluded.address, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
            """)
    }

    func removeInstance(_ id: String) throws {
        try sql.execute("DELETE FROM cluster_instance WHERE id = \(id)")
    }

    func instances() throws -> [InstanceRecord] {
        try sql.rows("SELECT id, address, heartbeat_at, expires_at FROM cluster_instance ORDER BY id COLLATE \"C\"").map { row in
            let (id, address, heartbeatAt, expiresAt) = try row.decode((String, String?, Double, Double).self)
            return InstanceRecord(id: id, address: address, heartbeatAt: heartbeatAt, expiresAt: expiresAt)
        }
    }

    func leases() throws -> [ShardLeaseRecord] {
        try sql.rows("SELECT shard, owner, epoch, expires_at FROM shard_lease ORDER BY shard").map(Self.lease)
    }

    func lease(of shard: Int) throws -> ShardLeaseRecord? {
        try sql.rows("SELECT shard, owner, epoch, expires_at FROM shard_lease WHERE shard = \(shard)").first(where: { _ in true }).map(Self.lease)
    }

    private static func lease(_ row: PostgresRow) throws -> ShardLeaseRecord {
        let (shard, owner, epoch, expiresAt) = try row.decode((Int, String?, Int64, Double).self)
        return ShardLeaseRecord(shard: shard, owner: owner, epoch: epoch, expiresAt: expiresAt)
    }

    func saveLease(_ lease: ShardLeaseRecord) throws {
        try sql.execute("""
            INSERT INTO shard_lease (shard, owner, epoch, expires_at) VALUES (\(lease.shard), \(lease.owner), \(lease.epoch), \(lease.expiresAt))
            ON CONFLICT (shard) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch, expires_at = excluded.expires_at
            """)
    }
}
