import Foundation
import Logging
import Synchronization

/// On a shared store, brings other instances' writes to this one (docs/SCALING.md, "Writes
/// reach the owner"): every `interval` it reads the account changes after the last it saw and
/// gives the monitor the new versions of the accounts it holds, wakes the event streams for
/// events other instances committed, reads the venue's prices other instances were posted,
/// and publishes or reads the price publisher's tick.
final class AccountChangeFollower: Sendable {
    let store: any Store
    let monitor: HealthMonitor
    let venue: VenuePriceBook?
    /// The price publisher's tick: written here by the publisher, read by the others.
    let feeds: PublishedFeeds?
    let interval: Double
    private let logger: Logger
    private let seen = Atomic<Int64>(0)
    private let running = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    /// Changes older than this are forgotten: an instance away longer reloads at its start.
    static let retention = 3_600.0

    init(store: any Store, monitor: HealthMonitor, venue: VenuePriceBook?, feeds: PublishedFeeds?, interval: Double, logger: Logger) {
        self.store = store
        self.monitor = monitor
        self.venue = venue
        self.feeds = feeds
        self.interval = interval
        self.logger = logger
    }

    /// Marks where to start, before the monitor loads: what it loads is at least this new;
    /// and publishes or reads the price tick, so that the monitor loads with prices.
    func prime() throws {
        seen.store(try store.read { try $0.accounts.lastChange() }, ordering: .relaxed)
        try feeds?.sync(store)
    }

    func start() {
        guard !running.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in
            var nextPrune = 0.0
            while running.load(ordering: .relaxed) {
                do {
                    try follow()
                    let now = Date().timeIntervalSince1970
                    if now >= nextPrune {
                        _ = try store.write { try $0.accounts.pruneChanges(before: now - Self.retention) }
                        nextPrune = now + 60
                    }
                } catch {
                    logger.warning("could not read other instances' changes", metadata: ["error": "\(error)"])
                }
                Thread.sleep(forTimeInterval: interval)
            }
            stopped.signal()
        }
        thread.name = "bulwark-changes"
        thread.start()
    }

    func stop() {
        guard running.exchange(false, ordering: .relaxed) else { return }
        stopped.wait()
    }

    /// One pass: the changes since the last seen, the accounts this instance holds among them.
    func follow() throws {
        let after = seen.load(ordering: .relaxed)
        let (changes, accounts, lastEvent) = try store.read { transaction in
            let changes = try transaction.accounts.changes(after: after, limit: 10_000)
            let held = Set(changes.map(\.account)).filter(monitor.monitors)
            return (changes, try held.map { ($0, try transaction.accounts.account($0)) }, try transaction.events.lastID())
        }
        for (id, account) in accounts {
            if let account { monitor.accountChanged(account) } else { monitor.accountRemoved(id) }
        }
        if let last = changes.last?.sequence { seen.store(last, ordering: .relaxed) }
        monitor.feed.observe(lastEvent)
        try venue?.load()
        try feeds?.sync(store)
    }
}
