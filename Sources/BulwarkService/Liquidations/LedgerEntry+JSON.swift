import BulwarkJSON
import RiskCore

extension LedgerEntry {
    /// The entry as the ledger and insurance fund routes show it.
    var json: JSONValue {
        .object([
            "id": .number(Double(id)), "journal": .number(Double(journal)), "book": .string(book),
            "amount": .number(amount), "currency": .string(LedgerBooks.currency(of: book)), "reason": .string(reason),
            "time": .string(Timestamp(secondsSinceEpoch: Int64(createdAt)).iso8601),
        ])
    }
}
