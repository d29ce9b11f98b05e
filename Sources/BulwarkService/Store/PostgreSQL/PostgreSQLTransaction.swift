import PostgresNIO

/// The repositories over one PostgreSQL transaction (one connection, between BEGIN and COMMIT).
struct PostgreSQLTransaction: StoreTransaction {
    let pool: PostgreSQLConnectionPool
    let connection: PostgresConnection

    var accounts: any AccountRepository { PostgreSQLAccountRepository(sql: self) }
    var ledger: any LedgerRepository { PostgreSQLLedgerRepository(sql: self) }
    var events: any EventRepository { PostgreSQLEventRepository(sql: self) }
    var idempotency: any IdempotencyRepository { PostgreSQLIdempotencyRepository(sql: self) }
    var governance: any GovernanceRepository { PostgreSQLGovernanceRepository(sql: self) }
    var prices: any PriceRepository { PostgreSQLPriceRepository(sql: self) }
    var cluster: any ClusterRepository { PostgreSQLClusterRepository(sql: self) }

    /// The rows of one statement.
    func rows(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try pool.run(query, on: connection)
    }

    func execute(_ query: PostgresQuery) throws {
        _ = try pool.run(query, on: connection)
    }

    /// How many rows the statement changed.
    func changes(_ query: PostgresQuery) throws -> Int {
        try pool.run(query, on: connection).metadata.rows ?? 0
    }

    /// The first column of the first row, if any (a count, a max, a single field).
    func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type = Value.self) throws -> Value? where Value._DecodableType == Value {
        guard let row = try rows(query).first(where: { _ in true }) else { return nil }
        return try row.decode(Value?.self)
    }
}
