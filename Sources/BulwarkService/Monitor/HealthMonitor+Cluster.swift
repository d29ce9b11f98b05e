/// What the monitor does differently on a shared store (docs/SCALING.md).
extension HealthMonitor {
    /// An account whose shard another instance holds, margined here for a read at this
    /// instance's prices (the same figures as its owner's when the prices are the same), and
    /// not kept: its owner monitors it. Nil for an account this instance holds, or one that
    /// no longer validates.
    func elsewhere(_ stored: StoredAccount) -> MonitoredAccount? {
        guard !monitors(stored.id), case .success(let document) = AccountDocument.decode(stored.document, parameters: parameters) else { return nil }
        var account = MonitoredAccount(id: stored.id, version: stored.version, document: document)
        account.health = evaluate(account, market: currentMarket, asOf: clock(), profiles: profiles)
        return account
    }

    /// Every stored account this instance does not hold, margined here: what the account
    /// list merges and a socialized loss shares (empty alone on SQLite). Read in
    /// `transaction` when given, else in a read of its own.
    func heldElsewhere(in transaction: (any StoreTransaction)? = nil) -> [MonitoredAccount] {
        guard membership?.shared == true else { return [] }
        let stored = if let transaction { try? transaction.accounts.all() } else { try? feed.store.read { try $0.accounts.all() } }
        return (stored ?? []).compactMap(elsewhere)
    }

    /// Stores the monitor's events, fenced: a status transition by its shard's lease, a pause
    /// or resumption by the price publisher's.
    func publish(_ events: [MonitorEvent]) {
        if let membership { feed.publish(events, admitting: membership.admits) } else { feed.publish(events) }
    }
}
