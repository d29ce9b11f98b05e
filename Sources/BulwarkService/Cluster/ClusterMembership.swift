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
    /// Called with the shards held whenever they change (off the request path).
    private let listeners = Mutex<[@Sendable (Set<Int>) -> Void]>([])
    private let publisherListeners = Mutex<[@Sendable (Bool) -> Void]>([])

    private struct State {
        var leases: [ShardLease] = []
        /// The price publisher's lease, while this instance holds it.
        var publisher: ShardLease?
        /// The store's clock at the last beat that succeeded.
        var lastBeat: Double?
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

    func onChange(_ listener: @escaping @Sendable (Set<Int>) -> Void) {
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
        guard let lease = lease(for: account) else { return false }
        return try transaction.cluster.holds(lease, instance: instanceID)
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
        let (leases, publisher, now) = try store.write { transaction in
            (try transaction.cluster.heartbeat(instance: instanceID, shardCount: configuration.shardCount, ttl: configuration.leaseSeconds),
             try transaction.cluster.publisher(instance: instanceID, ttl: configuration.leaseSeconds),
             try transaction.cluster.now())
        }
        let (changed, publishes) = state.withLock { state -> (Bool, Bool?) in
            let changed = Set(state.leases.map(\.shard)) != Set(leases.map(\.shard))
            let publishes = (state.publisher != nil) != (publisher != nil) ? publisher != nil : nil
            state.leases = leases
            state.publisher = publisher
            state.lastBeat = now
            state.failures = 0
            return (changed, publishes)
        }
        if changed { announce(Set(leases.map(\.shard))) }
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
            return (true, published)
        }
        logger.warning("cluster heartbeat failed", metadata: ["instance": "\(instanceID)", "error": "\(error)"])
        if lapsed { announce([]) }
        if published { announcePublisher(false) }
    }

    private func announcePublisher(_ publishes: Bool) {
        logger.info("price publisher", metadata: ["instance": "\(instanceID)", "publishes": "\(publishes)"])
        for listener in publisherListeners.withLock({ $0 }) { listener(publishes) }
    }

    private func announce(_ shards: Set<Int>) {
        logger.info("cluster shards", metadata: ["instance": "\(instanceID)", "shards": "\(shards.count)"])
        for listener in listeners.withLock({ $0 }) { listener(shards) }
    }

    /// The cluster as the store sees it; on SQLite, this instance alone.
    func view() throws -> ClusterView {
        guard shared else {
            return ClusterView(shardCount: configuration.shardCount,
                               instances: [.init(id: instanceID, heartbeatAt: Date().timeIntervalSince1970, shards: leases.map(\.shard))],
                               unowned: [], pricePublisher: instanceID, now: Date().timeIntervalSince1970)
        }
        return try store.read { try $0.cluster.view(shardCount: configuration.shardCount) }
    }

    /// Whether this instance holds fewer shards than it should: none while the store would
    /// give it some (its first beat has not landed, or it lost the store).
    var isStarved: Bool { leases.isEmpty }
}
