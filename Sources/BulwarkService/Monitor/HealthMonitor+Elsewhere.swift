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

    /// Every stored account this instance does not hold, margined here for a read: what the
    /// account list merges on a shared store (empty alone on SQLite).
    func heldElsewhere() -> [MonitoredAccount] {
        guard membership?.shared == true, let stored = try? feed.store.read({ try $0.accounts.all() }) else { return [] }
        return stored.compactMap(elsewhere)
    }
}
