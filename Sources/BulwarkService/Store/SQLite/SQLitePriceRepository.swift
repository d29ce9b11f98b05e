import GRDB

struct SQLitePriceRepository: PriceRepository {
    let db: Database

    func save(_ price: VenuePrice) throws {
        try db.execute(sql: """
            INSERT INTO venue_price (asset, price, confidence, timestamp, received_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(asset) DO UPDATE SET price = excluded.price, confidence = excluded.confidence,
              timestamp = excluded.timestamp, received_at = excluded.received_at
            """, arguments: [price.asset, price.price, price.confidence, price.timestamp, price.receivedAt])
    }

    func all() throws -> [VenuePrice] {
        try Row.fetchAll(db, sql: "SELECT asset, price, confidence, timestamp, received_at FROM venue_price ORDER BY asset").map { row in
            VenuePrice(asset: row["asset"], price: row["price"], confidence: row["confidence"], timestamp: row["timestamp"],
                       receivedAt: row["received_at"])
        }
    }
}
