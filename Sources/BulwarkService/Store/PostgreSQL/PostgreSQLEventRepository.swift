import BulwarkJSON

struct PostgreSQLEventRepository: EventRepository {
    let sql: PostgreSQLTransaction

    /// In batches of two statements (the ids, then the rows): a statement per event made a
    /// tick's thousands of transitions hold the write lock for seconds.
    func append(_ events: [MonitorEvent]) throws -> [MonitorEvent] {
        var stored: [MonitorEvent] = []
        stored.reserveCapacity(events.count)
        for start in stride(from: 0, to: events.count, by: Self.batchSize) {
            let batch = events[start..<min(events.count, start + Self.batchSize)]
            // Writers are serialized, so the ids taken here are the next ones, in order.
            let ids = try sql.rows("SELECT nextval(pg_get_serial_sequence('event', 'id')) FROM generate_series(1, \(batch.count))")
                .map { try $0.decode(Int64.self) }.sorted()
            try sql.execute("""
                INSERT INTO event (id, type, account, payload, created_at)
                SELECT id, type, CASE WHEN about_account THEN account END, payload, created_at
                FROM unnest(\(ids), \(batch.map(\.type)), \(batch.map { $0.account != nil }), \(batch.map { $0.account ?? "" }),
                            \(batch.map { JSONValue.object($0.payload).storedText }), \(batch.map(\.time)))
                  AS row (id, type, about_account, account, payload, created_at)
                """)
            for (id, event) in zip(ids, batch) {
                var event = event
                event.id = id
                stored.append(event)
            }
        }
        return stored
    }

    static let batchSize = 1_000

    func events(after id: Int64, limit: Int) throws -> [MonitorEvent] {
        try sql.rows("SELECT id, type, account, payload, created_at FROM event WHERE id > \(id) ORDER BY id LIMIT \(limit)").map { row in
            let (id, type, account, payload, time) = try row.decode((Int64, String, String?, String, Double).self)
            return MonitorEvent(id: id, type: type, account: account, time: time, payload: JSONValue.storedObject(payload))
        }
    }

    func prune(before time: Double) throws -> Int {
        try sql.changes("DELETE FROM event WHERE created_at < \(time)")
    }

    func lastID() throws -> Int64 {
        try sql.scalar("SELECT max(id) FROM event") ?? 0
    }

    func lastStatuses() throws -> [String: String] {
        var result: [String: String] = [:]
        let rows = try sql.rows("""
            SELECT account, payload FROM event WHERE id IN
              (SELECT max(id) FROM event WHERE type = 'account.status' GROUP BY account)
            """)
        for row in rows {
            let (account, payload) = try row.decode((String?, String).self)
            if let account, case .string(let status)? = JSONValue.storedObject(payload)["to"] { result[account] = status }
        }
        return result
    }

    func pausedAssets() throws -> [String: String] {
        var result: [String: String] = [:]
        let rows = try sql.rows("SELECT type, payload FROM event WHERE type IN ('liquidations.paused', 'liquidations.resumed') ORDER BY id")
        for row in rows {
            let (type, text) = try row.decode((String, String).self)
            let payload = JSONValue.storedObject(text)
            guard case .string(let asset)? = payload["asset"] else { continue }
            if type == "liquidations.paused", case .string(let reason)? = payload["reason"] {
                result[asset] = reason
            } else {
                result[asset] = nil
            }
        }
        return result
    }
}
