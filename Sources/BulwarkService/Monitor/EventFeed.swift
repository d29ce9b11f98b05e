import Foundation
import Logging
import Synchronization

/// The event log: stored in the store (so `since=` and Last-Event-ID work across restarts),
/// with a condition that wakes Server-Sent Events streams when something new is committed.
public final class EventFeed: Sendable {
    let store: any Store
    private let logger: Logger
    private let latest: Atomic<Int64>
    private let condition = NSCondition()
    /// Counts `nudge()` calls; guarded by `condition`.
    nonisolated(unsafe) private var nudges = 0

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
        latest = Atomic((try? store.read { try $0.events.lastID() }) ?? 0)
    }

    /// The id of the newest committed event.
    public var latestID: Int64 { latest.load(ordering: .acquiring) }

    /// Stores events in a transaction of their own and wakes the streams. Only those the
    /// transaction `admits` are stored: the fence of owner-only writes on a shared store (an
    /// event the instance may no longer write is dropped in the same transaction).
    @discardableResult
    func publish(_ events: [MonitorEvent],
                 admitting admits: @escaping (any StoreTransaction, MonitorEvent) throws -> Bool = { _, _ in true }) -> [MonitorEvent] {
        guard !events.isEmpty else { return [] }
        do {
            let stored = try store.write { transaction in try transaction.events.append(try events.filter { try admits(transaction, $0) }) }
            committed(stored)
            return stored
        } catch {
            logger.error("could not store events", metadata: ["count": "\(events.count)", "error": "\(error)"])
            return []
        }
    }

    /// Wakes the streams for events another transaction committed.
    func committed(_ events: [MonitorEvent]) {
        guard let last = events.map(\.id).max() else { return }
        observe(last)
    }

    /// Wakes the streams when the store holds events up to `last`, whoever committed them
    /// (another instance's, on a shared store).
    func observe(_ last: Int64) {
        // Writers all hold the condition's lock; readers of `latestID` only need the store ordered.
        condition.lock()
        if last > latest.load(ordering: .relaxed) { latest.store(last, ordering: .releasing) }
        condition.broadcast()
        condition.unlock()
    }

    /// Drops events stored before `time` (seconds since the epoch). A stream resuming from a
    /// dropped id continues with the oldest event kept.
    func prune(olderThan time: Double) {
        _ = try? store.write { try $0.events.prune(before: time) }
    }

    func events(after id: Int64, limit: Int) throws -> [MonitorEvent] {
        try store.read { try $0.events.events(after: id, limit: limit) }
    }

    /// Waits until an event after `id` is committed, `nudge()` is called or `timeout` passes;
    /// true when there is such an event.
    func wait(after id: Int64, timeout: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        let nudged = nudges
        while latest.load(ordering: .acquiring) <= id && nudges == nudged {
            if !condition.wait(until: deadline) { break }
        }
        return latest.load(ordering: .acquiring) > id
    }

    /// Wakes whoever waits, though nothing was committed (a new stream to serve).
    func nudge() {
        condition.lock()
        nudges += 1
        condition.broadcast()
        condition.unlock()
    }
}
