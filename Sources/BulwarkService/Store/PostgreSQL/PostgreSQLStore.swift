import Logging
import PostgresNIO

/// The shared store: PostgreSQL, for several instances on one book (docs/SCALING.md). The
/// same contract as SQLite's: a write commits durably before it returns (`synchronous_commit
/// = on`), or not at all. Writers are serialized by one transaction-scoped advisory lock, as
/// SQLite's single writer is, so a read-check-write (If-Match, an Idempotency-Key, the next
/// journal number) sees no other writer's half; reads are REPEATABLE READ snapshots.
public final class PostgreSQLStore: Store {
    let pool: PostgreSQLConnectionPool
    /// The key of the advisory lock every write transaction takes ("BWKW").
    static let writeLock: Int64 = 0x4257_4B57

    /// Connects and brings the schema up to date (under a lock, so instances starting together
    /// migrate once).
    public init(url: PostgreSQLURL, maximumConnections: Int = 16, logger: Logger = Logger(label: "bulwark.postgresql")) throws {
        pool = PostgreSQLConnectionPool(url: url, maximum: maximumConnections, logger: logger)
        try pool.withConnection { try PostgreSQLSchema.migrate(PostgreSQLTransaction(pool: pool, connection: $0)) }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", serialized: false, body)
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", serialized: true, body)
    }

    private func transaction<T>(begin: PostgresQuery, serialized: Bool, _ body: (any StoreTransaction) throws -> T) throws -> T {
        try pool.withConnection { connection in
            let transaction = PostgreSQLTransaction(pool: pool, connection: connection)
            try transaction.execute(begin)
            do {
                if serialized { try transaction.execute("SELECT pg_advisory_xact_lock(\(Self.writeLock))") }
                let result = try body(transaction)
                try transaction.execute("COMMIT")
                return result
            } catch {
                try? transaction.execute("ROLLBACK")
                throw error
            }
        }
    }
}
