import Foundation

/// A position in the account list's order: riskiest first (lowest margin ratio), then
/// accounts with no requirement, then unpriced ones; ties by id. Sent as an opaque token.
struct AccountListCursor: Comparable, Sendable {
    var group: Int
    var ratio: Double
    var id: String

    init(group: Int, ratio: Double, id: String) {
        self.group = group
        self.ratio = ratio
        self.id = id
    }

    init(_ account: MonitoredAccount) {
        if let figures = account.health?.figures {
            if let ratio = figures.marginRatio { self.init(group: 0, ratio: ratio, id: account.id) } else {
                self.init(group: 1, ratio: 0, id: account.id)
            }
        } else {
            self.init(group: 2, ratio: 0, id: account.id)
        }
    }

    static func < (lhs: AccountListCursor, rhs: AccountListCursor) -> Bool {
        (lhs.group, lhs.ratio, lhs.id) < (rhs.group, rhs.ratio, rhs.id)
    }

    /// base64url of `group~ratio bits~id`.
    var token: String {
        Data("\(group)~\(ratio.bitPattern)~\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.utf8.count <= 400, let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: "~", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let group = Int(parts[0]), (0...2).contains(group), let bits = UInt64(parts[1]),
              Identifier.isValid(String(parts[2])) else { return nil }
        self.init(group: group, ratio: Double(bitPattern: bits), id: String(parts[2]))
    }
}
