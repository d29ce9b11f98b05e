import BulwarkJSON
import Foundation
import PostgresNIO

struct PostgreSQLAccountRepository: AccountRepository {
    let sql: PostgreSQLTransaction

    func account(_ id: String) throws -> StoredAccount? {
        guard let row = try sql.rows("SELECT version, document, updated_at FROM account WHERE id = \(id)").first(where: { _ in true }) else {
            return nil
        }
        let (version, document, updatedAt) = try row.decode((Int, String, Double).self)
        return StoredAccount(id: id, version: version, document: JSONValue(stored: document), updatedAt: updatedAt)
    }

    func all() throws -> [StoredAccount] {
        try sql.rows("SELECT id, version, document, updated_at FROM account ORDER BY id COLLATE \"C\"").map(Self.account)
    }

    /// A row of `id, version, document, updated_at`.
    private static func account(_ row: PostgresRow) throws -> StoredAccount {
        let (id, version, document, updatedAt) = try row.decode((String, Int, String, Double).self)
        return StoredAccount(id: id, version: version, document: JSONValue(stored: document), updatedAt: updatedAt)
    }

    func versions() throws -> [String: Int] {
        var versions: [String: Int] = [:]
        for row in try sql.rows("SELECT id, version FROM account") {
            let (id, version) = try row.decode((String, Int).self)
            versions[id] = version
        }
        return versions
    }

    func accounts(_ ids: [String]) throws -> [StoredAccount] {
        guard !ids.isEmpty else { return [] }
        return try sql.rows("SELECT id, version, document, updated_at FROM account WHERE id = ANY(\(ids)) ORDER BY id COLLATE \"C\"").map(Self.account)
    }

    func count() throws -> Int {
        try sql.scalar("SELECT count(*) FROM account") ?? 0
    }

    func save(id: String, document: JSONValue, now: Double) throws -> StoredAccount {
        let version = (try sql.scalar("SELECT version FROM account WHERE id = \(id)", as: Int.self) ?? 0) + 1
        let text = document.storedText
        try sql.execute("""
            INSERT INTO account (id, version, document, updated_at) VALUES (\(id), \(version), \(text), \(now))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, document = excluded.document, updated_at = excluded.updated_at
            """)
        try recordChange(id, now: now)
        return StoredAccount(id: id, version: version, document: document, updatedAt: now)
    }

    func delete(id: String) throws -> Bool {
        let deleted = try sql.changes("DELETE FROM account WHERE id = \(id)") > 0
        if deleted { try recordChange(id, now: Date().timeIntervalSince1970) }
        return deleted
    }

    private func recordChange(_ id: String, now: Double) throws {
        try sql.execute("INSERT INTO account_change (account, changed_at) VALUES (\(id), \(now))")
    }

    func changes(after sequence: Int64, limit: Int) throws -> [AccountChange] {
        try sql.rows("SELECT sequence, account FROM account_change WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)").map { row in
            let (sequence, account) = try row.decode((Int64, String).self)
            return AccountChange(sequence: sequence, account: account)
        }
    }

    func lastChange() throws -> Int64 {
        try sql.scalar("SELECT max(sequence) FROM account_change") ?? 0
    }

    func pruneChanges(before time: Double) throws -> Int {
        try sql.changes("DELETE FROM account_change WHERE changed_at < \(time)")
    }
}
