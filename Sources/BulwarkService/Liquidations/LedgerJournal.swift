/// One movement of money: lines over books that sum to zero (docs/LIQUIDATION.md, "Ledger").
///
/// Books: `account:<id>` (an account's cash), `insurance-fund`, `keeper:<id>`, `market`
/// (the other side of trades), `fees` (trading fees), `external` (deposits and withdrawals).
public struct LedgerJournal: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var book: String
        public var amount: Double
    }

    public var reason: String
    public var lines: [Line]

    public init(reason: String, lines: [Line] = []) {
        self.reason = reason
        self.lines = lines
    }

    /// Moves `amount` from one book to another.
    public mutating func transfer(_ amount: Double, from: String, to: String) {
        guard amount != 0 else { return }
        lines.append(Line(book: from, amount: -amount))
        lines.append(Line(book: to, amount: amount))
    }

    /// The lines to store: the non-zero ones, after checking that they sum to zero (to within
    /// rounding of the largest); a journal that does not balance is a bug, refused whole.
    public func postableLines() throws -> [Line] {
        let lines = lines.filter { $0.amount != 0 }
        let sum = lines.reduce(0) { $0 + $1.amount }
        let scale = lines.reduce(0) { max($0, abs($1.amount)) }
        guard abs(sum) <= 1e-9 * max(1, scale) else { throw LedgerError.unbalanced(reason, sum) }
        return lines
    }

    public static func account(_ id: String) -> String { "account:\(id)" }
    public static func keeper(_ id: String) -> String { "keeper:\(id)" }
    public static let insuranceFund = "insurance-fund"
    public static let market = "market"
    public static let fees = "fees"
    public static let external = "external"
}
