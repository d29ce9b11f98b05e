import Foundation
import Logging
import Synchronization

/// This instance's place in the cluster (docs/SCALING.md): on a shared store it beats every
/// `heartbeatSeconds`, holding the shard leases the store gives it, and tells the monitor
/// when they change; on SQLite it is the only instance and holds every shard, without beats.
public final class ClusterMembership: Sendable {
    public let instanceID: String
    let configuration: ClusterConfiguration
    let map: ShardMap
    private let store: any Store
    /// Whether other instances may share the store (PostgreSQL).
    public let shared: Bool
    private let logger: Logger
    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    /// Called with the leases claimed at a new epoch whenever the shards held change (off the request path).
    private let listeners = Mutex<[@Sendable (Set<ShardLease>) -> Void]>([])
    /// The epoch at which the monitor loaded each shard's accounts and statuses: an event is
    /// admitted only under a lease whose shard is loaded at that epoch.
    private let loaded = Mutex<[Int: Int64]>([:])
    private let publisherListeners = Mutex<[@Sendable (Bool) -> Void]>([])
    private let changes = DispatchQueue(label: "bulwark.cluster.changes")

    private struct State {
        var leases: [ShardLease] = []
        /// The price publisher's lease, while this instance holds it.
        var publisher: ShardLease?
        /// The store's clock at the last beat that succeeded.
        var lastBeat: Double?
        /// The cluster as that beat saw it: where requests for others' shards are forwarded.
        var view: ClusterView?
        /// Where the others reach this instance; set once the server listens.
        var address: String?
        var failures = 0
    }

    /// - Parameter shared: whether other instances may share the store (PostgreSQL).
    public init(instanceID: String, configuration: ClusterConfiguration, store: any Store, shared: Bool,
                logger: Logger = Logger(label: "bulwark.cluster")) {
        self.instanceID = instanceID
        self.configuration = configuration
        self.map = ShardMap(shardCount: configuration.shardCount)
        self.store = store
        self.shared = shared
        self.logger = logger
        if !shared {
            state.withLock { state in
                state.leases = (0..<configuration.shardCount).map { ShardLease(shard: $0, epoch: 1) }
                state.publisher = ShardLease(shard: -1, epoch: 1)
            }
        }
    }

    func onChange(_ listener: @escaping @Sendable (Set<ShardLease>) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Called with true when this instance becomes the price publisher, false when it stops
    /// being one: the feeds are polled by the publisher alone.
    public func onPublisherChange(_ listener: @escaping @Sendable (Bool) -> Void) {
        publisherListeners.withLock { $0.append(listener) }
    }

    public var leases: [ShardLease] { state.withLock { $0.leases } }

    /// Whether this instance publishes the feeds' prices (always, alone on SQLite).
    public var isPricePublisher: Bool { state.withLock { $0.publisher != nil } }

    var shards: Set<Int> { Set(leases.map(\.shard)) }

    /// Advertises where the other instances reach this one (`http://host:port`), from the next beat on.
    public func advertise(_ address: String) {
        state.withLock { $0.address = address }
    }

    /// The other live instances that advertise an address, as the last beat saw them.
    var peers: [ClusterView.Instance] {
        state.withLock { state in (state.view?.instances ?? []).filter { $0.id != instanceID && $0.address != nil } }
    }

    /// The other instance that held the account's shard at the last beat, if it can be reached.
    func peer(holding accountID: String) -> ClusterView.Instance? {
        guard shared, !owns(accountID) else { return nil }
        let shard = map.shard(of: accountID)
        return peers.first { $0.shards.contains(shard) }
    }

    func owns(_ accountID: String) -> Bool { lease(for: accountID) != nil }

    /// The lease an owner-only write about this account is fenced with; nil when another holds it.
    func lease(for accountID: String) -> ShardLease? {
        let shard = map.shard(of: accountID)
        return state.withLock { state in state.leases.first { $0.shard == shard } }
    }

    /// Whether `event` may commit in `transaction`: an account's event only while this
    /// instance holds the lease of the account's shard at the epoch it knows (checked in the
    /// same transaction, so an instance that lost the shard, frozen or cut off, cannot write it).
    func admits(_ transaction: any StoreTransaction, _ event: MonitorEvent) throws -> Bool {
        guard shared else { return true }
        // An asset's event (a pause, a resumption) is the price publisher's to write.
        guard let account = event.account else {
            guard let lease = state.withLock({ $0.publisher }) else { return false }
            return try transaction.cluster.holds(lease, instance: instanceID)
        }
        // Held, and loaded at this epoch: until the monitor has read the shard's statuses
        // back, what it remembers of them may be another owner's past.
        guard let lease = lease(for: account), loaded.withLock({ $0[lease.shard] }) == lease.epoch else { return false }
        return try transaction.cluster.holds(lease, instance: instanceID)
    }

    /// Those of `leases` whose shards the monitor has not loaded at their epochs.
    func unloaded(_ leases: Set<ShardLease>) -> Set<ShardLease> {
        loaded.withLock { loaded in leases.filter { loaded[$0.shard] != $0.epoch } }
    }

    /// The monitor has loaded these leases' shards (accounts and statuses) at their epochs.
    func markLoaded(_ leases: Set<ShardLease>) {
        loaded.withLock { for lease in leases { $0[lease.shard] = lease.epoch } }
    }

    /// One beat now (at start, before the monitor loads, so it loads the shards it holds).
    public func join() throws {
        guard shared else { return }
        try beat()
    }

    /// Beats until `leave()`.
    public func start() {
        guard shared, !started.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: configuration.heartbeatSeconds)
                guard !stopping.load(ordering: .relaxed) else { break }
                do {
                    try beat()
                } catch {
                    lapseIfStale(error)
                }
            }
            stopped.signal()
        }
        thread.name = "bulwark-cluster"
        thread.start()
    }

    /// A clean stop: no more beats, the shards freed at once for the others.
    public func leave() {
        guard halt() else { return }
        try? store.write { try $0.cluster.leave(instance: instanceID) }
    }

    /// No more beats, the leases left to expire, as when the process dies (tests); false when
    /// it had already stopped.
    @discardableResult
    func halt() -> Bool {
        guard shared, started.load(ordering: .relaxed), !stopping.exchange(true, ordering: .relaxed) else { return false }
        stopped.wait()
        return true
    }

    private func beat() throws {
        let address = state.withLock { $0.address }
        let (leases, publisher, now, view) = try store.write { transaction in
            (try transaction.cluster.heartbeat(instance: instanceID, address: address, shardCount: configuration.shardCount,
                                               ttl: configuration.leaseSeconds),
             try transaction.cluster.publisher(instance: instanceID, ttl: configuration.leaseSeconds),
             try transaction.cluster.now(),
             try transaction.cluster.view(shardCount: configuration.shardCount))
        }
        let (changed, claimed, publishes) = state.withLock { state -> (Bool, Set<ShardLease>, Bool?) in
            // A shard held at a new epoch was claimed again: another instance may have held it meanwhile.
            let claimed = Set(leases).subtracting(state.leases)
            let changed = Set(state.leases.map(\.shard)) != Set(leases.map(\.shard)) || !claimed.isEmpty
            let publishes = (state.publisher != nil) != (publisher != nil) ? publisher != nil : nil
            state.leases = leases
            state.publisher = publisher
            state.lastBeat = now
            state.view = view
            state.failures = 0
            return (changed, claimed, publishes)
        }
        if changed { announce(claimed: claimed) }
        if let publishes { announcePublisher(publishes) }
    }

    /// The store cannot be reached: past the lease's length since the last good beat, the
    /// shards are surely someone else's, so the monitor lets them go (the fences already
    /// refuse this instance's owner-only writes).
    private func lapseIfStale(_ error: any Error) {
        let (lapsed, published) = state.withLock { state -> (Bool, Bool) in
            state.failures += 1
            guard !state.leases.isEmpty || state.publisher != nil,
                  state.failures * Int((configuration.heartbeatSeconds * 1_000).rounded()) >= Int(configuration.leaseSeconds * 1_000) else {
                return (false, false)
            }
            let published = state.publisher != nil
            state.leases = []
            state.publisher = nil
            state.view = nil
            return (true, published)
        }
        logger.warning("cluster heartbeat failed", metadata: ["instance": "\(instanceID)", "error": "\(error)"])
        if lapsed { announce(claimed: []) }
        if published { announcePublisher(false) }
    }

    private func announcePublisher(_ publishes: Bool) {
        logger.info("price publisher", metadata: ["instance": "\(instanceID)", "publishes": "\(publishes)"])
        for listener in publisherListeners.withLock({ $0 }) { listener(publishes) }
    }

    /// The shards held changed; `claimed` were taken at a new epoch since the last
    /// announcement. The listeners run on a queue of their own, in order: loading and
    /// margining a shard's accounts must never delay the next beat, or the leases lapse.
    private func announce(claimed: Set<ShardLease>) {
        logger.info("cluster shards", metadata: ["instance": "\(instanceID)", "shards": "\(shards.count)", "claimed": "\(claimed.count)"])
        let listeners = listeners.withLock { $0 }
        changes.async { for listener in listeners { listener(claimed) } }
    }

    /// The cluster as the store sees it; on SQLite, this instance alone.
    func view() throws -> ClusterView {
        guard shared else {
            return ClusterView(shardCount: configuration.shardCount,
                               instances: [.init(id: instanceID, address: state.withLock { $0.address }, heartbeatAt: Date().timeIntervalSince1970,
                                                 shards: leases.map(\.shard))],
                               unowned: [], pricePublisher: instanceID, now: Date().timeIntervalSince1970)
        }
        return try store.read { try $0.cluster.view(shardCount: configuration.shardCount) }
    }

    /// Whether this instance holds fewer shards than it should: none while the store would
    /// give it some (its first beat has not landed, or it lost the store).
    var isStarved: Bool { leases.isEmpty }
}
