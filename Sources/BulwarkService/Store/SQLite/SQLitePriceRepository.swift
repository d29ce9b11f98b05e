import BulwarkJSON
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

    func savePublishedTick(_ tick: PublishedTick) throws {
        try db.execute(sql: """
            INSERT INTO published_tick (id, publisher, published_at, document) VALUES (1, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET publisher = excluded.publisher, published_at = excluded.published_at, document = excluded.document
            """, arguments: [tick.publisher, tick.publishedAt, tick.document.storedText])
    }

    func publishedTick() throws -> PublishedTick? {
        try Row.fetchOne(db, sql: "SELECT publisher, published_at, document FROM published_tick WHERE id = 1").map { row in
            PublishedTick(publisher: row["publisher"], publishedAt: row["published_at"], document: JSONValue(stored: row["document"]))
        }
    }
}
