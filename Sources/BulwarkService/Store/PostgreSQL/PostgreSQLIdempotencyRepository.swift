import NIOCore

struct PostgreSQLIdempotencyRepository: IdempotencyRepository {
    let sql: PostgreSQLTransaction

    func response(key: String, now: Double) throws -> IdempotentResponse? {
        try sql.execute("DELETE FROM idempotency_key WHERE created_at < \(now - IdempotentResponse.retention)")
        guard let row = try sql.rows("SELECT request_hash, status, etag, body FROM idempotency_key WHERE key = \(key)").first(where: { _ in true }) else {
            return nil
        }
        let (requestHash, status, etag, body) = try row.decode((String, Int, String?, ByteBuffer).self)
        return IdempotentResponse(requestHash: requestHash, status: status, etag: etag, body: Array(body.readableBytesView))
    }

    func remember(key: String, response: IdempotentResponse, now: Double) throws {
        let body = ByteBuffer(bytes: response.body)
        try sql.execute("""
            INSERT INTO idempotency_key (key, request_hash, status, etag, body, created_at)
            VALUES (\(key), \(response.requestHash), \(response.status), \(response.etag), \(body), \(now))
            ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, etag = excluded.etag,
              body = excluded.body, created_at = excluded.created_at
            """)
    }
}
