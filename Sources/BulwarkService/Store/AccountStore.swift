import BulwarkJSON
import Foundation
import GRDB

/// Accounts in SQLite (GRDB): WAL journal with synchronous=FULL, so a write is answered only
/// after its COMMIT is on disk and survives kill -9 and a power cut. Migrations from the
/// first version on.
public final class AccountStore: Sendable {
    private let database: DatabaseQueue

    /// How long an Idempotency-Key is remembered.
    public static let idempotencyRetention: Double = 24 * 3600

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // NORMAL can lose the last commits on power loss; FULL syncs the WAL at every commit.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try AccountStore.migrator.migrate(database)
    }

    /// Opens (creating if needed) `accounts.sqlite` in the data directory.
    public convenience init(dataDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try self.init(path: (dataDirectory as NSString).appendingPathComponent("accounts.sqlite"))
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts and idempotency keys") { db in
            try db.create(table: "account") { table in
                table.primaryKey("id", .text)
                table.column("version", .integer).notNull()
                table.column("document", .text).notNull()
                table.column("updated_at", .double).notNull()
            }
            try db.create(table: "idempotency_key") { table in
                table.primaryKey("key", .text)
                table.column("request_hash", .text).notNull()
                table.column("status", .integer).notNull()
                table.column("etag", .text)
                table.column("body", .blob).notNull()
                table.column("created_at", .double).notNull()
            }
        }
        return migrator
    }

    public func account(_ id: String) throws -> StoredAccount? {
        try database.read { db in try AccountStore.fetch(db, id) }
    }

    static func fetch(_ db: Database, _ id: String) throws -> StoredAccount? {
        guard let row = try Row.fetchOne(db, sql: "SELECT version, document, updated_at FROM account WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let text: String = row["document"]
        let document = (try? JSONParser.parse(Array(text.utf8))) ?? .null
        return StoredAccount(id: id, version: row["version"], document: document, updatedAt: row["updated_at"])
    }

    /// Runs `body` in one write transaction: reads, checks and writes commit together or not at all.
    public func transaction<T>(_ body: (AccountTransaction) throws -> T) throws -> T {
        try database.write { db in try body(AccountTransaction(db: db)) }
    }

    public func count() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0 }
    }
}

/// The operations available inside one write transaction.
public struct AccountTransaction {
    let db: Database

    public func account(_ id: String) throws -> StoredAccount? {
        try AccountStore.fetch(db, id)
    }

    /// Stores a new version of the account and returns it.
    @discardableResult
    public func save(id: String, document: JSONValue, now: Double) throws -> StoredAccount {
        let version = (try Int.fetchOne(db, sql: "SELECT version FROM account WHERE id = ?", arguments: [id]) ?? 0) + 1
        let text = String(decoding: JSONWriter.encode(document), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO account (id, version, document, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET version = excluded.version, document = excluded.document, updated_at = excluded.updated_at
            """, arguments: [id, version, text, now])
        return StoredAccount(id: id, version: version, document: document, updatedAt: now)
    }

    public func delete(id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    /// A stored answer to an earlier request with this key, if any.
    public func idempotentResponse(key: String, now: Double) throws -> IdempotentResponse? {
        try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at < ?", arguments: [now - AccountStore.idempotencyRetention])
        guard let row = try Row.fetchOne(db, sql: "SELECT request_hash, status, etag, body FROM idempotency_key WHERE key = ?",
                                         arguments: [key]) else { return nil }
        return IdempotentResponse(requestHash: row["request_hash"], status: row["status"], etag: row["etag"], body: [UInt8](row["body"] as Data))
    }

    public func remember(key: String, response: IdempotentResponse, now: Double) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO idempotency_key (key, request_hash, status, etag, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [key, response.requestHash, response.status, response.etag, Data(response.body), now])
    }
}

/// The answer given to a write carrying an Idempotency-Key, replayed for a retry.
public struct IdempotentResponse: Sendable, Equatable {
    /// SHA-256 of method, path and body: a key reused for another request is refused.
    public var requestHash: String
    public var status: Int
    public var etag: String?
    public var body: [UInt8]
}
