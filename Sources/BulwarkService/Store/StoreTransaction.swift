/// The repositories of one transaction: everything read or written through them commits or
/// rolls back together.
public protocol StoreTransaction {
    var accounts: any AccountRepository { get }
    var ledger: any LedgerRepository { get }
    var events: any EventRepository { get }
    var idempotency: any IdempotencyRepository { get }
    var governance: any GovernanceRepository { get }
    var prices: any PriceRepository { get }
    var cluster: any ClusterRepository { get }
}
