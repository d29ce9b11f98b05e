import BulwarkJSON
import GRDB

struct SQLiteEventRepository: EventRepository {
    let db: Database

    func append(_ events: [MonitorEvent]) throws -> [MonitorEvent] {
        var stored: [MonitorEvent] = []
        for var event in events {
            try db.execute(sql: "INSERT INTO event (type, account, payload, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [event.type, event.account, JSONValue.object(event.payload).storedText, event.time])
            event.id = db.lastInsertedRowID
            stored.append(event)
        }
        return stored
    }

    func events(after id: Int64, limit: Int) throws -> [MonitorEvent] {
        try Row.fetchAll(db, sql: "SELECT id, type, account, payload, created_at FROM event WHERE id > ? ORDER BY id LIMIT ?",
                         arguments: [id, limit]).map { row in
            MonitorEvent(id: row["id"], type: row["type"], account: row["account"], time: row["created_at"],
                         payload: JSONValue.storedObject(row["payload"]))
        }
    }

    func prune(before time: Double) throws -> Int {
        try db.execute(sql: "DELETE FROM event WHERE created_at < ?", arguments: [time])
        return db.changesCount
    }

    func lastID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM event") ?? 0
    }

    func lastStatuses() throws -> [String: String] {
        var result: [String: String] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT account, payload FROM event WHERE id IN
              (SELECT max(id) FROM event WHERE type = 'account.status' GROUP BY account)
            """)
        for row in rows {
            if let account: String = row["account"], case .string(let status)? = JSONValue.storedObject(row["payload"])["to"] {
                result[account] = status
            }
        }
        return result
    }

    func pausedAssets() throws -> [String: String] {
        var result: [String: String] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT type, payload FROM event WHERE type IN ('liquidations.paused', 'liquidations.resumed') ORDER BY id
            """)
        for row in rows {
            let payload = JSONValue.storedObject(row["payload"])
            guard case .string(let asset)? = payload["asset"] else { continue }
            if row["type"] == "liquidations.paused", case .string(let reason)? = payload["reason"] {
                result[asset] = reason
            } else {
                result[asset] = nil
            }
        }
        return result
    }
}
