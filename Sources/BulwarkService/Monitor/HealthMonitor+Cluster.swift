import CSocketShims
import Foundation
import Synchronization

/// What the monitor does differently on a shared store (docs/SCALING.md).
extension HealthMonitor {
    /// The shards held changed: the accounts of shards lost are dropped; those of shards
    /// gained, and of `claimed` ones (taken at a new epoch: another instance may have held
    /// them meanwhile), are loaded with the statuses their last stored events left them in,
    /// so a status is announced neither twice nor from a stale memory.
    func shardsChanged(claimed: Set<ShardLease> = []) throws {
        statusLock.lock()
        let (gained, dropped): (Set<String>, Bool)
        do {
            defer { statusLock.unlock() }
            // Shards the start's load read at their epoch need no second read.
            let claimed = membership?.unloaded(claimed) ?? claimed
            (gained, dropped) = try reload(claimed: Set(claimed.map(\.shard)))
            // From now on their transitions may be stored (ClusterMembership.admits).
            membership?.markLoaded(claimed)
        }
        // The accounts of shards given up are freed, and glibc would keep their memory.
        if dropped { _ = shim_malloc_trim() }
        if !gained.isEmpty { remargin(ids: gained) }
    }

    /// `shardsChanged` until it succeeds (the store may be out for a moment): until then the
    /// claimed shards' transitions are refused, so they wait rather than go out stale.
    func followShards(claimed: Set<ShardLease>) {
        for _ in 0..<120 {
            do {
                try shardsChanged(claimed: claimed)
                return
            } catch {
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
    }

    /// What `shardsChanged` loads, under the status lock; the accounts loaded and whether any were dropped.
    private func reload(claimed: Set<Int>) throws -> (gained: Set<String>, dropped: Bool) {
        let map = membership?.map
        func reclaimed(_ id: String) -> Bool { map.map { claimed.contains($0.shard(of: id)) } ?? false }
        let held = state.withLock { $0.accounts.versions }
        let (stored, statuses) = try feed.store.read { transaction in
            (try heldAccounts(in: transaction) { id, version in reclaimed(id) || held[id].map { $0 < version } ?? true },
             try transaction.events.lastStatuses())
        }
        return state.withLock { state -> (Set<String>, Bool) in
            let lost = state.accounts.ids.filter { !monitors($0) }
            for id in lost { remove(id, from: &state) }
            var gained = Set<String>()
            for account in stored where monitors(account.id) {
                guard reclaimed(account.id) || state.accounts[account.id].map({ $0.version < account.version }) ?? true,
                      case .success(let document) = AccountDocument.decode(account.document, parameters: parameters) else { continue }
                let row = insert(MonitoredAccount(id: account.id, version: account.version, document: document), into: &state)
                state.accounts[row: row].lastStatus = statuses[account.id]
                gained.insert(account.id)
            }
            return (gained, !lost.isEmpty)
        }
    }

    /// The stored accounts this instance holds that `wanted` picks by id and stored version:
    /// the versions are read first, so only the documents wanted are read and decoded (a
    /// shard gained must not cost a read of the whole book).
    func heldAccounts(in transaction: any StoreTransaction, where wanted: (String, Int) -> Bool) throws -> [StoredAccount] {
        let ids = try transaction.accounts.versions().filter { monitors($0.key) && wanted($0.key, $0.value) }.map(\.key)
        return try transaction.accounts.accounts(ids)
    }

    /// Status transitions the store did not take (fenced out, or the store is down) are not
    /// the accounts' statuses: forgotten, so the next re-margin announces them again, from
    /// the status the store holds.
    func forgetRefused(_ events: [MonitorEvent], stored: [MonitorEvent]) {
        let refused = Set(events.compactMap(\.account)).subtracting(stored.compactMap(\.account))
        guard !refused.isEmpty else { return }
        state.withLock { state in
            for event in events {
                guard let account = event.account, refused.contains(account), let row = state.accounts.row(of: account),
                      case .string(let to)? = event.payload["to"], state.accounts[row: row].lastStatus == to else { continue }
                if case .string(let from)? = event.payload["from"] { state.accounts[row: row].lastStatus = from } else { state.accounts[row: row].lastStatus = nil }
            }
        }
    }

    /// A stored account margined here for a read at this instance's prices (the same figures
    /// as its owner's when the prices are the same), and not kept: one another instance
    /// holds, or one of a shard this instance is still loading. Nil for one that no longer
    /// validates.
    func elsewhere(_ stored: StoredAccount) -> MonitoredAccount? {
        guard case .success(let document) = AccountDocument.decode(stored.document, parameters: parameters) else { return nil }
        var account = MonitoredAccount(id: stored.id, version: stored.version, document: document)
        account.health = evaluate(account, market: currentMarket, asOf: clock(), profiles: profiles)
        return account
    }

    /// The stored account `id` when another instance holds it, margined here; nil when it is
    /// not stored, this instance holds it, or it no longer validates.
    func elsewhere(_ id: String) -> MonitoredAccount? {
        guard membership?.shared == true, !monitors(id), let stored = (try? feed.store.read { try $0.accounts.account(id) }) ?? nil else { return nil }
        return elsewhere(stored)
    }

    /// Every stored account this instance does not hold (of `shards` only, when given),
    /// margined here: what a socialized loss shares, and what the account list merges for
    /// shards no reachable instance answers for (empty alone on SQLite). Read in
    /// `transaction` when given, else in a read of its own.
    func heldElsewhere(in transaction: (any StoreTransaction)? = nil, shards: Set<Int>? = nil) -> [MonitoredAccount] {
        guard let membership, membership.shared, shards?.isEmpty != true else { return [] }
        let stored = if let transaction { try? transaction.accounts.all() } else { try? feed.store.read { try $0.accounts.all() } }
        return (stored ?? []).filter { !monitors($0.id) && shards?.contains(membership.map.shard(of: $0.id)) ?? true }.compactMap(elsewhere)
    }

    /// Stores the monitor's events, fenced: a status transition by its shard's lease, a pause
    /// or resumption by the price publisher's. Returns those stored.
    @discardableResult
    func publish(_ events: [MonitorEvent]) -> [MonitorEvent] {
        guard let membership else { return feed.publish(events) }
        // One fence check per shard (and one for the publisher's lease) in the transaction,
        // not one per event: a tick can announce thousands.
        // Keyed by the account's shard; nil for an asset's event (the publisher's lease).
        let checked = Mutex<[Int?: Bool]>([:])
        return feed.publish(events) { transaction, event in
            let key = event.account.map(membership.map.shard(of:))
            if let known = checked.withLock({ $0[key] }) { return known }
            let admitted = try membership.admits(transaction, event)
            checked.withLock { $0[key] = admitted }
            return admitted
        }
    }
}
