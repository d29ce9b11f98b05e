import Foundation
import GRDB

struct SQLiteClusterRepository: ClusterRepository {
    let db: Database

    func now() throws -> Double { Date().timeIntervalSince1970 }

    func saveInstance(_ id: String, address: String?, heartbeatAt: Double, expiresAt: Double) throws {
        try db.execute(sql: """
            INSERT INTO cluster_instance (id, address, heartbeat_at, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET address = excluded.address, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
            """, arguments: [id, address, heartbeatAt, expiresAt])
    }

    func removeInstance(_ id: String) throws {
        try db.execute(sql: "DELETE FROM cluster_instance WHERE id = ?", arguments: [id])
    }

    func instances() throws -> [InstanceRecord] {
        try Row.fetchAll(db, sql: "SELECT id, address, heartbeat_at, expires_at FROM cluster_instance ORDER BY id").map { row in
            InstanceRecord(id: row["id"], address: row["address"], heartbeatAt: row["heartbeat_at"], expiresAt: row["expires_at"])
        }
    }

    func leases() throws -> [ShardLeaseRecord] {
        try Row.fetchAll(db, sql: "SELECT shard, owner, epoch, expires_at FROM shard_lease ORDER BY shard").map(Self.lease)
    }

    func lease(of shard: Int) throws -> ShardLeaseRecord? {
        try Row.fetchOne(db, sql: "SELECT shard, owner, epoch, expires_at FROM shard_lease WHERE shard = ?", arguments: [shard]).map(Self.lease)
    }

    private static func lease(_ row: Row) -> ShardLeaseRecord {
        ShardLeaseRecord(shard: row["shard"], owner: row["owner"], epoch: row["epoch"], expiresAt: row["expires_at"])
    }

    func saveLease(_ lease: ShardLeaseRecord) throws {
        try db.execute(sql: """
            INSERT INTO shard_lease (shard, owner, epoch, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(shard) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch, expires_at = excluded.expires_at
            """, arguments: [lease.shard, lease.owner, lease.epoch, lease.expiresAt])
    }
}
