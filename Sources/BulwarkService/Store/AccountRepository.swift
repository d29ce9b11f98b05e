import BulwarkJSON

/// Stored accounts, each a versioned document.
public protocol AccountRepository {
    func account(_ id: String) throws -> StoredAccount?

    /// Every stored account, by id.
    func all() throws -> [StoredAccount]

    func count() throws -> Int

    /// Stores the next version of the account (1 for a new one) and returns it.
    @discardableResult
    func save(id: String, document: JSONValue, now: Double) throws -> StoredAccount

    /// Removes the account; false when there was none.
    @discardableResult
    func delete(id: String) throws -> Bool
}
