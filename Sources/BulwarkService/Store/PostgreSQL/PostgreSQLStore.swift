import Logging
import PostgresNIO

/// The shared store: PostgreSQL, for several instances on one book (docs/SCALING.md). The
/// same contract as SQLite's: a write commits durably before it returns (`synchronous_commit
/// = on`), or not at all. Writers are serialized by one transaction-scoped advisory lock, as
/// SQLite's single writer is, so a read-check-write (If-Match, an Idempotency-Key, the next
/// journal number) sees no other writer's half; reads are REPEATABLE READ snapshots.
public final class PostgreSQLStore: Store {
    let pool: PostgreSQLConnectionPool
    /// Takes the write lock and limits how long the write may sit idle holding it.
    private let lockStatement: PostgresQuery
    /// The key of the advisory lock every write transaction takes ("BWKW").
    static let writeLock: Int64 = 0x4257_4B57
    /// How long one wait for a lock lasts before the writer asks again (every session's `lock_timeout`).
    static let lockWaitMilliseconds = 500
    static var lockTimeout: PostgresQuery { PostgresQuery(unsafeSQL: "SET lock_timeout = \(lockWaitMilliseconds)") }
    /// How long a writer keeps asking before the write fails.
    static let lockDeadlineSeconds = 30.0

    /// Connects and brings the schema up to date (under a lock, so instances starting together
    /// migrate once). `idleInTransactionSeconds` bounds how long a frozen process can hold
    /// the write lock: keep it well under the cluster's lease, or one frozen writer lets every
    /// lease lapse.
    public init(url: PostgreSQLURL, maximumConnections: Int = 16, idleInTransactionSeconds: Double = 5,
                logger: Logger = Logger(label: "bulwark.postgresql")) throws {
        pool = PostgreSQLConnectionPool(url: url, maximum: maximumConnections, logger: logger)
        // One statement takes the lock and sets the write's own limit (rolled back with it).
        lockStatement = PostgresQuery(unsafeSQL: "SELECT set_config('idle_in_transaction_session_timeout', '\(max(100, Int(idleInTransactionSeconds * 1_000)))', true), "
            + "pg_advisory_xact_lock(\(Self.writeLock))")
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
                if serialized { try lockForWriting(transaction, begin: begin) }
                let result = try body(transaction)
                try transaction.execute("COMMIT")
                return result
            } catch {
                try? transaction.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Takes the write lock in waits of `lock_timeout` each, starting the transaction again
    /// after each: a process frozen while waiting then holds nothing, so one frozen process
    /// stalls the other writers for at most one idle-in-transaction timeout (docs/SCALING.md).
    private func lockForWriting(_ transaction: PostgreSQLTransaction, begin: PostgresQuery) throws {
        let deadline = ContinuousClock.now + .seconds(Self.lockDeadlineSeconds)
        while true {
            do {
                try transaction.execute(lockStatement)
                return
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" && ContinuousClock.now < deadline {
                try transaction.execute("ROLLBACK")
                try transaction.execute(begin)
            }
        }
    }
}
