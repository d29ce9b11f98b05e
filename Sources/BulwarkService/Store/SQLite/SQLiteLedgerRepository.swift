import GRDB

struct SQLiteLedgerRepository: LedgerRepository {
    let db: Database

    func append(_ lines: [LedgerJournal.Line], reason: String, now: Double) throws {
        let number = (try Int64.fetchOne(db, sql: "SELECT max(journal) FROM ledger_entry") ?? 0) + 1
        for line in lines {
            try db.execute(sql: "INSERT INTO ledger_entry (journal, book, amount, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [number, line.book, line.amount, reason, now])
        }
    }

    func balance(of book: String) throws -> Double {
        try Double.fetchOne(db, sql: "SELECT total(amount) FROM ledger_entry WHERE book = ?", arguments: [book]) ?? 0
    }

    func balances() throws -> LedgerBalances {
        let rows = try Row.fetchAll(db, sql: "SELECT book, total(amount) AS balance FROM ledger_entry GROUP BY book ORDER BY book")
        return LedgerBalances(books: rows.map { (book: $0["book"], balance: $0["balance"]) },
                              total: try Double.fetchOne(db, sql: "SELECT total(amount) FROM ledger_entry") ?? 0,
                              entries: try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_entry") ?? 0)
    }

    func entries(book: String?, after: Int64, limit: Int) throws -> [LedgerEntry] {
        let filter = book == nil ? "" : "AND book = ?"
        var arguments: StatementArguments = [after]
        if let book { arguments += [book] }
        arguments += [limit]
        return try Row.fetchAll(db, sql: "SELECT id, journal, book, amount, reason, created_at FROM ledger_entry WHERE id > ? \(filter) ORDER BY id LIMIT ?",
                                arguments: arguments).map { row in
            LedgerEntry(id: row["id"], journal: row["journal"], book: row["book"], amount: row["amount"], reason: row["reason"],
                        createdAt: row["created_at"])
        }
    }
}
