import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Connections to one PostgreSQL database for callers that block: the store's transactions
/// run on worker threads, never on an event loop, so each waits for its query's future.
/// At most `maximum` connections are open; a caller past that waits for one to come back.
final class PostgreSQLConnectionPool: Sendable {
    let url: PostgreSQLURL
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let idle = Mutex<[PostgresConnection]>([])
    private let slots: DispatchSemaphore
    private let nextID = Atomic<Int>(0)

    init(url: PostgreSQLURL, maximum: Int, logger: Logger) {
        self.url = url
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        slots = DispatchSemaphore(value: maximum)
    }

    deinit {
        for connection in idle.withLock({ $0 }) { try? connection.close().wait() }
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` on a connection of the pool's. A connection that failed under it is closed
    /// rather than handed to the next caller.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        // A connection the server ended while it sat idle (a frozen process's, a restart) is dropped here.
        var reused = idle.withLock { $0.popLast() }
        while let stale = reused, stale.isClosed {
            _ = stale.close() as EventLoopFuture<Void>
            reused = idle.withLock { $0.popLast() }
        }
        let connection = try reused ?? connect()
        do {
            let result = try body(connection)
            idle.withLock { $0.append(connection) }
            return result
        } catch {
            if connection.isClosed { _ = connection.close() as EventLoopFuture<Void> } else { idle.withLock { $0.append(connection) } }
            throw error
        }
    }

    private func connect() throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                             database: url.database, tls: .disable)
        let connection = try PostgresConnection.connect(on: group.next(), configuration: configuration,
                                                        id: nextID.add(1, ordering: .relaxed).newValue, logger: logger).wait()
        do {
            // Every commit waits for its WAL flush, whatever the server's default.
            _ = try connection.query("SET synchronous_commit = on", logger: logger).wait()
            // A process frozen inside a read keeps its snapshot (no lock) as long as its socket
            // lives: the server ends such a session after a minute. Writes set a much shorter
            // limit of their own (PostgreSQLStore).
            _ = try connection.query("SET idle_in_transaction_session_timeout = 60000", logger: logger).wait()
            // No lock wait lasts: a frozen process's waiter would be granted the write lock and
            // keep it the same way. A writer whose wait times out asks again (PostgreSQLStore).
            _ = try connection.query(PostgreSQLStore.lockTimeout, logger: logger).wait()
        } catch {
            try? connection.close().wait()
            throw error
        }
        return connection
    }

    /// How long a statement may take: every one of the store's is short. Past it the
    /// connection is closed: its session may have been ended under it (a process frozen
    /// past the server's idle limit wakes to a socket that will never answer).
    static let queryTimeout = 15.0

    /// Runs one statement and collects its rows.
    func run(_ query: PostgresQuery, on connection: PostgresConnection) throws -> PostgresQueryResult {
        // Ended by the server meanwhile (its idle limit inside a transaction): fail now.
        guard !connection.isClosed else { throw PostgreSQLConnectionLost(reason: "the server closed it") }
        let answered = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<PostgresQueryResult, any Error>?>(nil)
        connection.query(query, logger: logger).whenComplete { result in
            outcome.withLock { $0 = result }
            answered.signal()
        }
        guard answered.wait(timeout: .now() + Self.queryTimeout) == .success, let result = outcome.withLock({ $0 }) else {
            _ = connection.close() as EventLoopFuture<Void>
            throw PostgreSQLConnectionLost(reason: "no answer within \(Self.queryTimeout) s")
        }
        return try result.get()
    }
}
