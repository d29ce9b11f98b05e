/// One line of the ledger as stored.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int64
    public var journal: Int64
    public var book: String
    public var amount: Double
    public var reason: String
    public var createdAt: Double
}
