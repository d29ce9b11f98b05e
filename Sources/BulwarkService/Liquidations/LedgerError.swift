/// A journal that does not balance: a bug, refused before anything is written.
enum LedgerError: Error, CustomStringConvertible {
    case unbalanced(String, Double)

    var description: String {
        switch self {
        case .unbalanced(let reason, let sum): "ledger journal '\(reason)' does not balance (sum \(sum))"
        }
    }
}
