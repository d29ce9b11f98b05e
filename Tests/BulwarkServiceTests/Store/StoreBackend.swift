import Foundation
import Logging
import PostgresNIO
@testable import BulwarkService

/// A store implementation the contract runs against: each test gets a fresh, empty store.
struct StoreBackend: CustomStringConvertible, Sendable {
    let description: String
    let make: @Sendable () throws -> any Store

    static let sqlite = StoreBackend(description: "SQLite") {
        try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory
            .appendingPathComponent("bulwark-contract-\(UUID().uuidString)").path)
    }

    /// PostgreSQL at `BULWARK_TEST_POSTGRES` (a store URL; `.ci/run` starts a server and sets
    /// it): each store in a new database of that server.
    static let postgresql: StoreBackend? = ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"].map { text in
        StoreBackend(description: "PostgreSQL") {
            guard case .success(let server) = PostgreSQLURL.parse(text) else { throw PostgreSQLURLError(reason: "BULWARK_TEST_POSTGRES: \(text)") }
            return try PostgreSQLStore(url: try freshDatabase(on: server))
        }
    }

    /// A new, empty database on the server, named for this test run.
    static func freshDatabase(on server: PostgreSQLURL) throws -> PostgreSQLURL {
        let name = "bulwark_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "_"))"
        let pool = PostgreSQLConnectionPool(url: server, maximum: 1, logger: Logger(label: "bulwark.tests"))
        try pool.withConnection { connection in
            _ = try pool.run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), on: connection)
        }
        return server.with(database: name)
    }

    /// Every backend the contract runs against on this machine.
    static let all = [sqlite] + [postgresql].compactMap { $0 }
}
