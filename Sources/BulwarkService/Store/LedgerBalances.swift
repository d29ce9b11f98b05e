/// Every ledger book's balance and their sum: zero when the ledger balances.
public struct LedgerBalances: Sendable, Equatable {
    /// Book and balance, by book name.
    public var books: [(book: String, balance: Double)]
    public var total: Double
    public var entries: Int

    public static func == (lhs: LedgerBalances, rhs: LedgerBalances) -> Bool {
        lhs.total == rhs.total && lhs.entries == rhs.entries
            && lhs.books.map(\.book) == rhs.books.map(\.book) && lhs.books.map(\.balance) == rhs.books.map(\.balance)
    }
}
