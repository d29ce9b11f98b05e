import BulwarkJSON
import Foundation
import HTTPServer
import Synchronization

/// Serves every Server-Sent Events stream from one thread: each subscriber gets the events
/// after the last id it was sent, in batches, as they are committed, and a comment
/// heartbeat when it has been idle. The thread runs while anyone subscribes; a stream whose
/// client left is dropped when the event loop says so, not at its next write.
final class EventStreamHub: @unchecked Sendable {
    private struct Subscriber {
        let writer: HTTPStreamWriter
        var last: Int64
        var idleSince: Double
    }

    private let feed: EventFeed
    private let heartbeatSeconds: Double
    private let render: @Sendable (MonitorEvent) -> [UInt8]
    // Guarded by `lock`.
    private let lock = NSLock()
    private var subscribers: [UInt64: Subscriber] = [:]
    private var nextID: UInt64 = 0
    private var running = false

    static let batchSize = 200

    /// Streams open at once, at most: each costs a subscriber slot and its buffered output.
    static let maxStreams = 256
    private let slots = Atomic<Int>(0)

    /// Streams open now.
    var openStreams: Int { slots.load(ordering: .relaxed) }

    /// Takes a stream slot; false when all are taken. A taken slot is released by `release()`.
    func reserve() -> Bool {
        guard slots.add(1, ordering: .relaxed).newValue <= Self.maxStreams else {
            slots.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func release() {
        slots.subtract(1, ordering: .relaxed)
    }

    /// - Parameter render: an event's `data:` line, as JSON.
    init(feed: EventFeed, heartbeatSeconds: Double, render: @escaping @Sendable (MonitorEvent) -> [UInt8]) {
        self.feed = feed
        self.heartbeatSeconds = heartbeatSeconds
        self.render = render
    }

    /// Starts sending `writer` the events after `since`; `onEnd` runs once when the stream ends.
    func subscribe(_ writer: HTTPStreamWriter, after since: Int64, onEnd: @escaping @Sendable () -> Void) {
        guard writer.write("retry: 3000\n\n") else {
            onEnd()
            return
        }
        let (id, startsThread) = lock.withLock { () -> (UInt64, Bool) in
            nextID += 1
            subscribers[nextID] = Subscriber(writer: writer, last: since, idleSince: ProcessInfo.processInfo.systemUptime)
            defer { running = true }
            return (nextID, !running)
        }
        writer.onClose { [self] in
            lock.withLock { _ = subscribers.removeValue(forKey: id) }
            onEnd()
        }
        if startsThread {
            let thread = Thread { [self] in serve() }
            thread.name = "bulwark-events"
            thread.start()
        } else {
            feed.nudge()
        }
    }

    private func serve() {
        while true {
            let snapshot = lock.withLock { () -> [UInt64: Subscriber]? in
                if subscribers.isEmpty { running = false; return nil }
                return subscribers
            }
            guard var current = snapshot else { return }
            let committed = feed.latestID
            // Streams at the same id share one read of the store and one rendering of the batch.
            var batches: [Int64: (newest: Int64, text: [UInt8])?] = [:]
            var sent = false
            let now = ProcessInfo.processInfo.systemUptime
            for (id, subscriber) in current {
                if batches.index(forKey: subscriber.last) == nil {
                    // updateValue keeps a nil batch too: no events after this id is also an answer to share.
                    batches.updateValue(batch(after: subscriber.last), forKey: subscriber.last)
                }
                var updated = subscriber
                if let (newest, text) = batches[subscriber.last]! {
                    // A write refused means the stream ended; its close handler drops it.
                    if subscriber.writer.write(text) {
                        updated.last = newest
                        sent = true
                    }
                    updated.idleSince = now
                } else if now - subscriber.idleSince >= heartbeatSeconds {
                    subscriber.writer.write(": heartbeat\n\n")
                    updated.idleSince = now
                }
                current[id] = updated
            }
            lock.withLock {
                for (id, subscriber) in current where subscribers[id] != nil { subscribers[id] = subscriber }
            }
            // Behind: on with the next batch. Caught up: wait for a commit, a new subscriber or the next heartbeat.
            if !sent { _ = feed.wait(after: committed, timeout: min(1, heartbeatSeconds)) }
        }
    }

    /// The events after `id` as Server-Sent Events text, and the last one's id; nil when none.
    private func batch(after id: Int64) -> (newest: Int64, text: [UInt8])? {
        guard let events = try? feed.events(after: id, limit: EventStreamHub.batchSize), let newest = events.last else { return nil }
        var text: [UInt8] = []
        for event in events {
            text.append(contentsOf: "id: \(event.id)\nevent: \(event.type)\ndata: ".utf8)
            text.append(contentsOf: render(event))
            text.append(contentsOf: "\n\n".utf8)
        }
        return (newest.id, text)
    }
}
