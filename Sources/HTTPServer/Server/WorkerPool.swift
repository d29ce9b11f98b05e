import Foundation

/// The threads request handlers run on, fed by the event loops through one bounded queue.
///
/// Handlers are synchronous and may block (a fsync, a database round trip, seconds of
/// pricing), so they get threads of their own rather than the cooperative pool of Swift
/// concurrency, whose few threads a blocking handler would starve. A full queue is refused
/// at once (the loop answers 503), never grown.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    // All state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Job?]
    private var head = 0
    private var count = 0
    private var busy = 0
    private var stopping = false
    private let threadCount: Int
    private var running = 0

    init(threads: Int, maxQueued: Int) {
        threadCount = max(1, threads)
        queue = Array(repeating: nil, count: max(1, maxQueued))
    }

    func start(name: String, stackSize: Int) {
        condition.lock()
        running = threadCount
        condition.unlock()
        for _ in 0..<threadCount {
            let thread = Thread { [self] in work() }
            thread.name = name
            thread.stackSize = stackSize
            thread.start()
        }
    }

    /// Queues a job; false when the queue is full (or the pool is stopping).
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, count < queue.count else { return false }
        queue[(head + count) % queue.count] = job
        count += 1
        condition.signal()
        return true
    }

    /// Jobs queued and not yet started, and jobs running now.
    var load: (queued: Int, running: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (count, busy)
    }

    /// Lets the running jobs finish, drops the queued ones, and waits for the threads to end.
    func stop() {
        condition.lock()
        stopping = true
        for index in queue.indices { queue[index] = nil }
        count = 0
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while true {
            while count == 0 && !stopping { condition.wait() }
            if stopping { break }
            let job = queue[head]!
            queue[head] = nil
            head = (head + 1) % queue.count
            count -= 1
            busy += 1
            condition.unlock()
            job()
            condition.lock()
            busy -= 1
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }
}
