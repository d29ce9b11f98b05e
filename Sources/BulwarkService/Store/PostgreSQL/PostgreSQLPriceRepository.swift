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
}
