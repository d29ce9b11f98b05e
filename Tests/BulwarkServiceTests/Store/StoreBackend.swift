import Foundation
@testable import BulwarkService

/// A store implementation the contract runs against: each test gets a fresh, empty store.
struct StoreBackend: CustomStringConvertible, Sendable {
    let description: String
    let make: @Sendable () throws -> any Store

    static let sqlite = StoreBackend(description: "SQLite") {
        try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory
            .appendingPathComponent("bulwark-contract-\(UUID().uuidString)").path)
    }

    /// Every backend the contract runs against on this machine.
    static let all = [sqlite]
}
