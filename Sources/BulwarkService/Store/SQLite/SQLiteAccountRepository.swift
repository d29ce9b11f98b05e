import BulwarkJSON
import Foundation
import GRDB

struct SQLiteAccountRepository: AccountRepository {
    let db: Database

    func account(_ id: String) throws -> StoredAccount? {
        guard let row = try Row.fetchOne(db, sql: "SELECT version, document, updated_at FROM account WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return StoredAccount(id: id, version: row["version"], document: JSONValue(stored: row["document"]), updatedAt: row["updated_at"])
    }

    func all() throws -> [StoredAccount] {
        try Row.fetchAll(db, sql: "SELECT id, version, document, updated_at FROM account ORDER BY id").map(Self.account)
    }

    /// A row of `id, version, document, updated_at`.
    private static func account(_ row: Row) -> StoredAccount {
        StoredAccount(id: row["id"], version: row["version"], document: JSONValue(stored: row["document"]), updatedAt: row["updated_at"])
    }

    func versions() throws -> [String: Int] {
        var versions: [String: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, version FROM account")
        while let row = try rows.next() { versions[row["id"]] = row["version"] }
        return versions
    }

    func accounts(_ ids: [String]) throws -> [StoredAccount] {
        guard !ids.isEmpty else { return [] }
        // The ids as one JSON array argument: any number of them in one statement.
        let list = JSONValue.array(ids.map(JSONValue.string)).storedText
        return try Row.fetchAll(db, sql: "SELECT id, version, document, updated_at FROM account WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                                arguments: [list]).map(Self.account)
    }

    func count() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0
    }

    func save(id: String, document: JSONValue, now: Double) throws -> StoredAccount {
        let version = (try Int.fetchOne(db, sql: "SELECT version FROM account WHERE id = ?", arguments: [id]) ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO account (id, version, document, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET version = excluded.version, document = excluded.document, updated_at = excluded.updated_at
            """, arguments: [id, version, document.storedText, now])
        try recordChange(id, now: now)
        return StoredAccount(id: id, version: version, document: document, updatedAt: now)
    }

    func delete(id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id])
        let deleted = db.changesCount > 0
        if deleted { try recordChange(id, now: Date().timeIntervalSince1970) }
        return deleted
    }

    private func recordChange(_ id: String, now: Double) throws {
        try db.execute(sql: "INSERT INTO account_change (account, changed_at) VALUES (?, ?)", arguments: [id, now])
    }

    func changes(after sequence: Int64, limit: Int) throws -> [AccountChange] {
        try Row.fetchAll(db, sql: "SELECT sequence, account FROM account_change WHERE sequence > ? ORDER BY sequence LIMIT ?",
                         arguments: [sequence, limit]).map { AccountChange(sequence: $0["sequence"], account: $0["account"]) }
    }

    func lastChange() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM account_change") ?? 0
    }

    func pruneChanges(before time: Double) throws -> Int {
        try db.execute(sql: "DELETE FROM account_change WHERE changed_at < ?", arguments: [time])
        return db.changesCount
    }
}
