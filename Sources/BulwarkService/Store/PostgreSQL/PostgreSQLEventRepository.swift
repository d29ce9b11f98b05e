import BulwarkJSON

struct PostgreSQLEventRepository: EventRepository {
    let sql: PostgreSQLTransaction

    func append(_ events: [MonitorEvent]) throws -> [MonitorEvent] {
        try events.map { event in
            var stored = event
            let payload = JSONValue.object(event.payload).storedText
            stored.id = try sql.scalar("""
                INSERT INTO event (type, account, payload, created_at) VALUES (\(event.type), \(event.account), \(payload), \(event.time)) RETURNING id
                """) ?? 0
            return stored
        }
    }

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
