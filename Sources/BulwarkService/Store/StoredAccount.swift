import BulwarkJSON
import RiskCore

/// An account as stored: its id, its version (the ETag) and its document, the canonical
/// JSON of cash, collateral, positions, mode and methodology.
public struct StoredAccount: Sendable, Equatable {
    public var id: String
    public var version: Int
    public var document: JSONValue
    public var updatedAt: Double

    /// The strong ETag of this version.
    public var etag: String { "\"v\(version)\"" }
}

extension StoredAccount {
    /// The cash of the stored document.
    var cash: Double {
        if case .number(let cash)? = document["cash"] { return cash }
        return 0
    }

    /// The currency of its cash: `USD` unless the document says otherwise.
    var currency: String {
        if case .string(let code)? = document["accountCurrency"] { return code }
        return AccountCurrency.quoteCode
    }
}
