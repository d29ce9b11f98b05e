import BulwarkJSON

struct PostgreSQLPriceRepository: PriceRepository {
    let sql: PostgreSQLTransaction

    func save(_ price: VenuePrice) throws {
        try sql.execute("""
            INSERT INTO venue_price (asset, price, confidence, timestamp, received_at)
            VALUES (\(price.asset), \(price.price), \(price.confidence), \(price.timestamp), \(price.receivedAt))
            ON CONFLICT (asset) DO UPDATE SET price = excluded.price, confidence = excluded.confidence,
              timestamp = excluded.timestamp, received_at = excluded.received_at
            """)
    }

    func all() throws -> [VenuePrice] {
        try sql.rows("SELECT asset, price, confidence, timestamp, received_at FROM venue_price ORDER BY asset COLLATE \"C\"").map { row in
            let (asset, price, confidence, timestamp, receivedAt) = try row.decode((String, Double, Double?, Double, Double).self)
            return VenuePrice(asset: asset, price: price, confidence: confidence, timestamp: timestamp, receivedAt: receivedAt)
        }
    }

    func savePublishedTick(_ tick: PublishedTick) throws {
        let document = tick.document.storedText
        try sql.execute("""
            INSERT INTO published_tick (id, publisher, published_at, document) VALUES (1, \(tick.publisher), \(tick.publishedAt), \(document))
            ON CONFLICT (id) DO UPDATE SET publisher = excluded.publisher, published_at = excluded.published_at, document = excluded.document
            """)
    }

    func publishedTick() throws -> PublishedTick? {
        guard let row = try sql.rows("SELECT publisher, published_at, document FROM published_tick WHERE id = 1").first(where: { _ in true }) else {
            return nil
        }
        let (publisher, publishedAt, document) = try row.decode((String, Double, String).self)
        return PublishedTick(publisher: publisher, publishedAt: publishedAt, document: JSONValue(stored: document))
    }
}
