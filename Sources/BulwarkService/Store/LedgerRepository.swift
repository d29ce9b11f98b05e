/// The double-entry ledger: journals whose lines sum to zero, so the whole ledger does.
public protocol LedgerRepository {
    /// Appends a journal's non-zero lines under the next journal number. The journal has been
    /// checked (`LedgerJournal.postableLines()`) before it reaches a backend.
    func append(_ lines: [LedgerJournal.Line], reason: String, now: Double) throws

    func balance(of book: String) throws -> Double

    /// Every book's balance, their sum and the number of entries.
    func balances() throws -> LedgerBalances

    /// Entries of one book (or all), oldest first, after an entry id.
    func entries(book: String?, after: Int64, limit: Int) throws -> [LedgerEntry]
}

extension LedgerRepository {
    /// Posts a journal, refusing one that does not balance before anything is written.
    public func post(_ journal: LedgerJournal, now: Double) throws {
        let lines = try journal.postableLines()
        guard !lines.isEmpty else { return }
        try append(lines, reason: journal.reason, now: now)
    }
}
