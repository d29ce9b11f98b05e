import BulwarkJSON

/// The other instances' part of a whole-book account list (docs/SCALING.md, "Any instance
/// answers"): their entries with the keys of the list's order, whether any has more, and the
/// shards no reachable instance answered for (this instance margins those itself).
struct BookPages {
    typealias Entry = (key: AccountListCursor, json: JSONValue)

    var entries: [Entry] = []
    var hasMore = false
    var unanswered: Set<Int> = []

    /// An entry of another instance's page, its key read back from the fields it was made
    /// from (numbers are written in their shortest round-trip form, so the ratio is exact).
    static func entry(_ json: JSONValue) -> Entry? {
        guard case .string(let id)? = json["id"], case .string(let status)? = json["status"] else { return nil }
        if status == "unpriced" { return (AccountListCursor(group: 2, ratio: 0, id: id), json) }
        if case .number(let ratio)? = json["marginRatio"] { return (AccountListCursor(group: 0, ratio: ratio, id: id), json) }
        return (AccountListCursor(group: 1, ratio: 0, id: id), json)
    }

    /// These entries and `local`'s in list order, each account once (during a handover two
    /// instances may both list one).
    func merged(with local: [Entry]) -> [Entry] {
        guard !entries.isEmpty else { return local }
        var seen = Set<String>()
        return (local + entries).sorted { $0.key < $1.key }.filter { seen.insert($0.key.id).inserted }
    }
}
