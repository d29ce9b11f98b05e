/// Where the book lives: accounts, the ledger, events, idempotency records and governance.
/// Every backend (SQLite embedded, PostgreSQL for scale-out) keeps the same promises, which
/// the store contract tests check: `write` commits durably before it returns, or not at all.
public protocol Store: Sendable {
    /// Runs `body` in one read transaction: a consistent snapshot. Writes inside it throw.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T

    /// Runs `body` in one write transaction: what it reads, checks and writes commits together
    /// once it returns, durably (it survives kill -9 and a power cut), or not at all if it throws.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}
