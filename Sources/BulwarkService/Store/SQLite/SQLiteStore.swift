import GRDB

/// The embedded store: one SQLite file (GRDB) in WAL mode with synchronous=FULL, so a write
/// is answered only after its COMMIT is on disk and survives kill -9 and a power cut.
public final class SQLiteStore: Store {
    /// The database, for the SQLite-specific tests (the audit log's triggers).
    let database: DatabaseQueue

    static let fileName = "accounts.sqlite"

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
        try SQLiteSchema.migrator.migrate(database)
    }

    /// Opens (creating if needed) `accounts.sqlite` in the data directory, mode 0600 like
    /// the files SQLite creates beside it.
    public convenience init(in directory: DataDirectory) throws {
        try self.init(path: try directory.privateFile(SQLiteStore.fileName))
        directory.restrictCompanions(of: SQLiteStore.fileName)
    }

    /// Opens the store in `dataDirectory`, created 0700 if it does not exist.
    public convenience init(dataDirectory: String) throws {
        try self.init(in: try DataDirectory(path: dataDirectory))
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try database.read { db in try body(SQLiteTransaction(db: db)) }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try database.write { db in try body(SQLiteTransaction(db: db)) }
    }
}
