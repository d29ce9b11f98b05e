/// The accounts the monitor holds, each in a numbered row it keeps while it is held, and per
/// asset the rows of the accounts exposed to it. A tick carries rows from its selection to its
/// write-back, so neither looks an id up: at a million accounts those lookups missed the
/// caches and were most of the tick (docs/PERFORMANCE.md, "The tick's bookkeeping").
struct AccountTable: Sendable {
    typealias Row = Int32

    private var rows: [MonitoredAccount?] = []
    private var rowOfID: [String: Row] = [:]
    private var freeRows: [Row] = []
    /// Asset -> rows of the accounts exposed to it.
    private var exposed: [String: Set<Row>] = [:]

    var count: Int { rowOfID.count }

    var ids: Dictionary<String, Row>.Keys { rowOfID.keys }

    /// Every account, in row order.
    var accounts: LazyMapSequence<LazyFilterSequence<[MonitoredAccount?]>, MonitoredAccount> {
        rows.lazy.filter { $0 != nil }.map { $0! }
    }

    /// Every account's stored version, by id.
    var versions: [String: Int] { rowOfID.mapValues { rows[Int($0)]!.version } }

    subscript(id: String) -> MonitoredAccount? { rowOfID[id].map { rows[Int($0)]! } }

    func row(of id: String) -> Row? { rowOfID[id] }

    /// The account in `row`, read and written in place. The row holds one; its id and
    /// exposure are changed only through `put`.
    subscript(row row: Row) -> MonitoredAccount {
        _read { yield rows[Int(row)]! }
        _modify { yield &rows[Int(row)]! }
    }

    /// Whether `row` still holds that version of that account.
    func holds(_ row: Row, id: String, version: Int) -> Bool {
        rows[Int(row)]?.version == version && rows[Int(row)]?.id == id
    }

    /// Adds `account`, or replaces the one with its id in the same row; returns its row.
    @discardableResult
    mutating func put(_ account: MonitoredAccount) -> Row {
        if let row = rowOfID[account.id] {
            for asset in rows[Int(row)]!.exposure where !account.exposure.contains(asset) { exposed[asset]?.remove(row) }
            for asset in account.exposure { exposed[asset, default: []].insert(row) }
            rows[Int(row)] = account
            return row
        }
        let row: Row
        if let free = freeRows.popLast() {
            row = free
            rows[Int(row)] = account
        } else {
            row = Row(rows.count)
            rows.append(account)
        }
        rowOfID[account.id] = row
        for asset in account.exposure { exposed[asset, default: []].insert(row) }
        return row
    }

    /// Removes the account with that id; returns it.
    mutating func remove(_ id: String) -> MonitoredAccount? {
        guard let row = rowOfID.removeValue(forKey: id), let account = rows[Int(row)] else { return nil }
        for asset in account.exposure { exposed[asset]?.remove(row) }
        rows[Int(row)] = nil
        freeRows.append(row)
        return account
    }

    /// Every row that holds an account, in order.
    var allRows: [Row] { rows.indices.compactMap { rows[$0] == nil ? nil : Row($0) } }

    /// The rows of the accounts exposed to any of `assets`, in row order, each once.
    func rows(exposedToAnyOf assets: some Sequence<String>) -> [Row] {
        var marked = [Bool](repeating: false, count: rows.count)
        var count = 0
        for asset in assets {
            for row in exposed[asset] ?? [] where !marked[Int(row)] {
                marked[Int(row)] = true
                count += 1
            }
        }
        var selected: [Row] = []
        selected.reserveCapacity(count)
        for (row, isMarked) in marked.enumerated() where isMarked { selected.append(Row(row)) }
        return selected
    }

    /// The accounts exposed to `asset`.
    func accounts(exposedTo asset: String) -> [MonitoredAccount] {
        rows(exposedToAnyOf: CollectionOfOne(asset)).map { rows[Int($0)]! }
    }
}
