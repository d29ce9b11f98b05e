import BulwarkJSON

/// Stored accounts, each a versioned document.
public protocol AccountRepository {
    func account(_ id: String) throws -> StoredAccount?

    /// Every stored account, by id.
    func all() throws -> [StoredAccount]

    /// Every stored account's version, by id, without the documents: what a monitor compares
    /// with what it holds before it reads (and decodes) only the accounts it lacks.
    func versions() throws -> [String: Int]

    /// The stored accounts among `ids`, by id (those not stored are left out).
    func accounts(_ ids: [String]) throws -> [StoredAccount]

    func count() throws -> Int

    /// Stores the next version of the account (1 for a new one) and returns it.
    @discardableResult
    func save(id: String, document: JSONValue, now: Double) throws -> StoredAccount

    /// Removes the account; false when there was none.
    @discardableResult
    func delete(id: String) throws -> Bool

    /// Accounts saved or deleted after change `sequence`, oldest first: every save and delete
    /// appends one in its own transaction, so the owner of an account's shard learns of a
    /// write another instance took (docs/SCALING.md, "Writes reach the owner").
    func changes(after sequence: Int64, limit: Int) throws -> [AccountChange]

    /// The newest change's sequence, 0 when there is none.
    func lastChange() throws -> Int64

    /// Forgets changes made before `time`; returns how many.
    @discardableResult
    func pruneChanges(before time: Double) throws -> Int
}
