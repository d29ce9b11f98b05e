import GRDB

/// The repositories over one GRDB transaction.
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    var accounts: any AccountRepository { SQLiteAccountRepository(db: db) }
    var ledger: any LedgerRepository { SQLiteLedgerRepository(db: db) }
    var events: any EventRepository { SQLiteEventRepository(db: db) }
    var idempotency: any IdempotencyRepository { SQLiteIdempotencyRepository(db: db) }
    var governance: any GovernanceRepository { SQLiteGovernanceRepository(db: db) }
    var prices: any PriceRepository { SQLitePriceRepository(db: db) }
    var cluster: any ClusterRepository { SQLiteClusterRepository(db: db) }
}
