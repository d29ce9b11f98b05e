struct PostgreSQLLedgerRepository: LedgerRepository {
    let sql: PostgreSQLTransaction

    func append(_ lines: [LedgerJournal.Line], reason: String, now: Double) throws {
        let number = (try sql.scalar("SELECT max(journal) FROM ledger_entry", as: Int64.self) ?? 0) + 1
        for line in lines {
            try sql.execute("""
                INSERT INTO ledger_entry (journal, book, amount, reason, created_at) VALUES (\(number), \(line.book), \(line.amount), \(reason), \(now))
                """)
        }
    }

    func balance(of book: String) throws -> Double {
        try sql.scalar("SELECT sum(amount) FROM ledger_entry WHERE book = \(book)") ?? 0
    }

    func balances() throws -> LedgerBalances {
        let books = try sql.rows("SELECT book, sum(amount) FROM ledger_entry GROUP BY book ORDER BY book COLLATE \"C\"").map { row in
            let (book, balance) = try row.decode((String, Double).self)
            return (book: book, balance: balance)
        }
        return LedgerBalances(books: books, total: try sql.scalar("SELECT sum(amount) FROM ledger_entry") ?? 0,
                              entries: try sql.scalar("SELECT count(*) FROM ledger_entry") ?? 0)
    }

    func entries(book: String?, after: Int64, limit: Int) throws -> [LedgerEntry] {
        let rows = if let book {
            try sql.rows("SELECT id, journal, book, amount, reason, created_at FROM ledger_entry WHERE id > \(after) AND book = \(book) ORDER BY id LIMIT \(limit)")
        } else {
            try sql.rows("SELECT id, journal, book, amount, reason, created_at FROM ledger_entry WHERE id > \(after) ORDER BY id LIMIT \(limit)")
        }
        return try rows.map { row in
            let (id, journal, book, amount, reason, createdAt) = try row.decode((Int64, Int64, String, Double, String, Double).self)
            return LedgerEntry(id: id, journal: journal, book: book, amount: amount, reason: reason, createdAt: createdAt)
        }
    }
}
