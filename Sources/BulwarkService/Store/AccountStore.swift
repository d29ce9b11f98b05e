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

    /// Opens (creating if needed) `accounts.sqlite` in the data directory, mode 0600 like
    /// the files SQLite creates beside it.
    public convenience init(in directory: DataDirectory) throws {
        try self.init(path: try directory.privateFile(AccountStore.fileName))
        directory.restrictCompanions(of: AccountStore.fileName)
    }

    /// Opens the store in `dataDirectory`, created 0700 if it does not exist.
    public convenience init(dataDirectory: String) throws {
        try self.init(in: try DataDirectory(path: dataDirectory))
    }

    static let fileName = "accounts.sqlite"

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
        migrator.registerMigration("v2: ledger and events") { db in
            // Double-entry: every journal's lines sum to zero, so the whole ledger does.
            try db.create(table: "ledger_entry") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("journal", .integer).notNull().indexed()
                table.column("book", .text).notNull().indexed()
                table.column("amount", .double).notNull()
                table.column("reason", .text).notNull()
                table.column("created_at", .double).notNull()
            }
            try db.create(table: "event") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("type", .text).notNull()
                table.column("account", .text)
                table.column("payload", .text).notNull()
                table.column("created_at", .double).notNull()
            }
        }
        migrator.registerMigration("v3: governed parameters, proposals, approvals, audit") { db in
            try db.create(table: "parameter_version") { table in
                table.primaryKey("version", .text)
                table.column("hash", .text).notNull()
                table.column("document", .text).notNull()
                table.column("created_at", .double).notNull()
                table.column("activated_at", .double)
                table.column("proposal_id", .text)
            }
            try db.create(table: "proposal") { table in
                table.primaryKey("id", .text)
                table.column("document", .text).notNull()
                table.column("updated_at", .double).notNull()
            }
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .double).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("proposal_id", .text)
                table.column("detail", .text).notNull()
                table.column("previous_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
            // Append-only: the database itself refuses to change or remove an audit entry.
            try db.execute(sql: "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
            try db.execute(sql: "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
        }
        return migrator
    }

    /// Runs `body` in a write transaction on the raw database (governance's tables).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    /// Every stored account, for the health monitor's start.
    public func allAccounts() throws -> [StoredAccount] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, version, document, updated_at FROM account ORDER BY id").map { row in
                let text: String = row["document"]
                return StoredAccount(id: row["id"], version: row["version"],
                                     document: JSONValue(stored: text), updatedAt: row["updated_at"])
            }
        }
    }

    /// The balance of one ledger book.
    public func balance(of book: String) throws -> Double {
        try database.read { db in try AccountStore.balance(db, book) }
    }

    static func balance(_ db: Database, _ book: String) throws -> Double {
        try Double.fetchOne(db, sql: "SELECT total(amount) FROM ledger_entry WHERE book = ?", arguments: [book]) ?? 0
    }

    /// The balance of every book, and the sum over all of them (zero when the ledger balances).
    public func ledgerBalances() throws -> (books: [(String, Double)], total: Double, entries: Int) {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT book, total(amount) AS balance FROM ledger_entry GROUP BY book ORDER BY book")
            let books = rows.map { (row: Row) -> (String, Double) in (row["book"], row["balance"]) }
            let total = try Double.fetchOne(db, sql: "SELECT total(amount) FROM ledger_entry") ?? 0
            let entries = try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_entry") ?? 0
            return (books, total, entries)
        }
    }

    /// Ledger entries of one book (or all), oldest first, after an entry id.
    public func ledgerEntries(book: String?, after: Int64, limit: Int) throws -> [LedgerEntry] {
        try database.read { db in
            let filter = book == nil ? "" : "AND book = ?"
            var arguments: StatementArguments = [after]
            if let book { arguments += [book] }
            arguments += [limit]
            return try Row.fetchAll(db, sql: "SELECT id, journal, book, amount, reason, created_at FROM ledger_entry WHERE id > ? \(filter) ORDER BY id LIMIT ?",
                                    arguments: arguments).map { row in
                LedgerEntry(id: row["id"], journal: row["journal"], book: row["book"], amount: row["amount"], reason: row["reason"],
                            createdAt: row["created_at"])
            }
        }
    }

    /// Appends events in one transaction and returns them with their ids.
    public func appendEvents(_ events: [MonitorEvent]) throws -> [MonitorEvent] {
        guard !events.isEmpty else { return [] }
        return try database.write { db in try AccountStore.insert(events, db) }
    }

    static func insert(_ events: [MonitorEvent], _ db: Database) throws -> [MonitorEvent] {
        var stored: [MonitorEvent] = []
        for var event in events {
            try db.execute(sql: "INSERT INTO event (type, account, payload, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [event.type, event.account, String(decoding: JSONWriter.encode(.object(event.payload)), as: UTF8.self),
                                       event.time])
            event.id = db.lastInsertedRowID
            stored.append(event)
        }
        return stored
    }

    /// Deletes events stored before `time`; returns how many.
    @discardableResult
    public func pruneEvents(before time: Double) throws -> Int {
        try database.write { db in
            try db.execute(sql: "DELETE FROM event WHERE created_at < ?", arguments: [time])
            return db.changesCount
        }
    }

    /// Events after an id, oldest first.
    public func events(after id: Int64, limit: Int) throws -> [MonitorEvent] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, type, account, payload, created_at FROM event WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [id, limit]).map { row in
                MonitorEvent(id: row["id"], type: row["type"], account: row["account"], time: row["created_at"],
                             payload: JSONValue.storedObject(row["payload"]))
            }
        }
    }

    /// The last status each account's events gave it, so transitions continue across restarts.
    public func lastStatuses() throws -> [String: String] {
        try database.read { db in
            var result: [String: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT account, payload FROM event WHERE id IN
                  (SELECT max(id) FROM event WHERE type = 'account.status' GROUP BY account)
                """)
            for row in rows {
                if let account: String = row["account"], case .string(let status)? = JSONValue.storedObject(row["payload"])["to"] {
                    result[account] = status
                }
            }
            return result
        }
    }

    /// Assets whose latest pause or resumption event is a pause, with its reason: where the
    /// monitor left off, so a restart does not announce the same pause again.
    public func pausedAssets() throws -> [String: String] {
        try database.read { db in
            var result: [String: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT type, payload FROM event WHERE type IN ('liquidations.paused', 'liquidations.resumed') ORDER BY id
                """)
            for row in rows {
                let payload = JSONValue.storedObject(row["payload"])
                guard case .string(let asset)? = payload["asset"] else { continue }
                if row["type"] == "liquidations.paused", case .string(let reason)? = payload["reason"] {
                    result[asset] = reason
                } else {
                    result[asset] = nil
                }
            }
            return result
        }
    }

    public func lastEventID() throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM event") ?? 0 }
    }

    public func account(_ id: String) throws -> StoredAccount? {
        try database.read { db in try AccountStore.fetch(db, id) }
    }

    static func fetch(_ db: Database, _ id: String) throws -> StoredAccount? {
        guard let row = try Row.fetchOne(db, sql: "SELECT version, document, updated_at FROM account WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return StoredAccount(id: id, version: row["version"], document: JSONValue(stored: row["document"]), updatedAt: row["updated_at"])
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

    /// Posts a journal: lines over books that sum to zero, written with the transaction.
    public func post(_ journal: LedgerJournal, now: Double) throws {
        let lines = journal.lines.filter { $0.amount != 0 }
        guard !lines.isEmpty else { return }
        let sum = lines.reduce(0) { $0 + $1.amount }
        let scale = lines.reduce(0) { max($0, abs($1.amount)) }
        guard abs(sum) <= 1e-9 * max(1, scale) else { throw LedgerError.unbalanced(journal.reason, sum) }
        let number = (try Int64.fetchOne(db, sql: "SELECT max(journal) FROM ledger_entry") ?? 0) + 1
        for line in lines {
            try db.execute(sql: "INSERT INTO ledger_entry (journal, book, amount, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [number, line.book, line.amount, journal.reason, now])
        }
    }

    public func balance(of book: String) throws -> Double {
        try AccountStore.balance(db, book)
    }

    /// Appends events with the transaction: they exist exactly when its writes do.
    public func appendEvents(_ events: [MonitorEvent]) throws -> [MonitorEvent] {
        try AccountStore.insert(events, db)
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
