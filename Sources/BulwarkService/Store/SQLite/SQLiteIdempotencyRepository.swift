import Foundation
import GRDB

struct SQLiteIdempotencyRepository: IdempotencyRepository {
    let db: Database

    func response(key: String, now: Double) throws -> IdempotentResponse? {
        try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at < ?", arguments: [now - IdempotentResponse.retention])
        guard let row = try Row.fetchOne(db, sql: "SELECT request_hash, status, etag, body FROM idempotency_key WHERE key = ?",
                                         arguments: [key]) else { return nil }
        return IdempotentResponse(requestHash: row["request_hash"], status: row["status"], etag: row["etag"], body: [UInt8](row["body"] as Data))
    }

    func remember(key: String, response: IdempotentResponse, now: Double) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO idempotency_key (key, request_hash, status, etag, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [key, response.requestHash, response.status, response.etag, Data(response.body), now])
    }
}
