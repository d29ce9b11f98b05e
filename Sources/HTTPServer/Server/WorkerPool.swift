import Foundation

/// The threads request handlers run on, fed by the event loops through one bounded queue.
///
/// Handlers are synchronous and may block (a fsync, a database round trip, seconds of
/// pricing), so they get threads of their own rather than the cooperative pool of Swift
/// concurrency, whose few threads a blocking handler would starve. A full queue is refused
/// at once (the loop answers 503), never grown.
///
/// Only `concurrency` workers (one per core) are woken for new work: more runnable threads
/// than cores would not answer faster, only contend for the handlers' locks and switch
/// context. A worker that finishes takes the next job without sleeping. When jobs wait
/// longer than `starvation` (the busy workers are blocked or on long requests), a watchdog
/// wakes more workers, up to `threads`, so a heavy or blocking request never holds up
/// another for long.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private struct Entry {
        let job: Job
        let queuedAt: Double
    }

    // All state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Entry?]
    private var head = 0
    private var count = 0
    /// Workers running a job.
    private var busy = 0
    /// Workers waiting for work.
    private var idle = 0
    /// Wake-ups granted and not yet taken by a worker.
    private var permits = 0
    private var stopping = false
    private var alive = 0

    let threads: Int
    let concurrency: Int
    let starvation: Double

    init(threads: Int, maxQueued: Int, concurrency: Int, starvation: Double = 0.01) {
        self.threads = max(1, threads)
        self.concurrency = max(1, min(concurrency, threads))
        self.starvation = starvation
        queue = Array(repeating: nil, count: max(1, maxQueued))
    }

    func start(name: String, stackSize: Int) {
        condition.lock()
        alive = threads + 1
        condition.unlock()
        for _ in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = name
            thread.stackSize = stackSize
            thread.start()
        }
        let watchdog = Thread { [self] in watch() }
        watchdog.name = name + "-watchdog"
        watchdog.start()
    }

    /// Queues a job; false when the queue is full (or the pool is stopping).
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, count < queue.count else { return false }
        queue[(head + count) % queue.count] = Entry(job: job, queuedAt: MonotonicClock.now())
        count += 1
        if busy + permits < concurrency && permits < idle {
            permits += 1
            condition.signal()
        }
        return true
    }

    /// Jobs queued and not yet started, and jobs running now.
    var load: (queued: Int, running: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (count, busy)
    }

    /// Drops the queued jobs and waits, for up to `timeout` seconds, for the running ones to
    /// finish and the threads to end (a handler that never returns cannot hold up a stop).
    func stop(timeout: Double) {
        condition.lock()
        stopping = true
        for index in queue.indices { queue[index] = nil }
        count = 0
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while alive > 0 && condition.wait(until: deadline) {}
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while !stopping {
            // Sleep until granted a wake-up. It is spent even when another worker took the job
            // first, so no stale grant keeps the next job from waking anyone.
            idle += 1
            while !stopping && permits == 0 { condition.wait() }
            idle -= 1
            guard !stopping else { break }
            permits -= 1
            // Run jobs back to back while this worker is within the pool's concurrency.
            while count > 0 && !stopping {
                let job = take()
                busy += 1
                condition.unlock()
                job()
                condition.lock()
                busy -= 1
                if busy >= concurrency { break }
            }
        }
        alive -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func take() -> Job {
        let entry = queue[head]!
        queue[head] = nil
        head = (head + 1) % queue.count
        count -= 1
        return entry.job
    }


    /// Every 5 ms: wakes a worker for each job that has waited past `starvation`
    /// and that no wake-up is on its way for.
    private func watch() {
        condition.lock()
        while !stopping {
            condition.unlock()
            usleep(5_000)
            condition.lock()
            guard count > 0 else { continue }
            let now = MonotonicClock.now()
            var starved = 0
            while starved < count, let entry = queue[(head + starved) % queue.count], now - entry.queuedAt > starvation {
                starved += 1
            }
            while permits < min(starved, idle) {
                permits += 1
                condition.signal()
            }
        }
        alive -= 1
        condition.broadcast()
        condition.unlock()
    }
}
