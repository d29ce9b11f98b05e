import Foundation

/// The threads request handlers run on, fed by the event loops through one bounded queue.
///
/// Handlers are synchronous and may block (a fsync, a database round trip, seconds of
/// pricing), so they get threads of their own rather than the cooperative pool of Swift
/// concurrency, whose few threads a blocking handler would starve. A full queue is refused
/// at once (the loop answers 503), never grown.
///
/// As many workers run at once as there are cores: more runnable threads would not answer
/// faster, only contend for the handlers' locks and switch context, and a worker that
/// finishes takes the next job without sleeping. A worker that has been on one job longer
/// than `stuckAfter` (blocked, or on a heavy request) stops counting against that limit, so
/// another is woken at once for the jobs behind it, up to `threads` in all: a heavy or
/// blocking request never holds up a light one for more than a few milliseconds.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    // All state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Job?]
    private var head = 0
    private var count = 0
    /// When each worker started its current job (nil: not on one).
    private var startedAt: [Double?]
    /// Workers running a job.
    private var busy = 0
    /// Busy workers on their job for longer than `stuckAfter`, as the watchdog last counted.
    private var stuck = 0
    /// Workers waiting for work.
    private var idle = 0
    /// Wake-ups granted and not yet taken by a worker.
    private var permits = 0
    private var stopping = false
    private var alive = 0

    let threads: Int
    let concurrency: Int
    let stuckAfter: Double

    init(threads: Int, maxQueued: Int, concurrency: Int, stuckAfter: Double = 0.005) {
        self.threads = max(1, threads)
        self.concurrency = max(1, min(concurrency, threads))
        self.stuckAfter = stuckAfter
        queue = Array(repeating: nil, count: max(1, maxQueued))
        startedAt = Array(repeating: nil, count: self.threads)
    }

    func start(name: String, stackSize: Int) {
        condition.lock()
        alive = threads + 1
        condition.unlock()
        for index in 0..<threads {
            let thread = Thread { [self] in work(index) }
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
        queue[(head + count) % queue.count] = job
        count += 1
        grantWakeUps()
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

    /// Workers that may run now: one per core, plus one for each that is stuck.
    private var runnable: Int { concurrency + stuck }

    /// Wakes sleeping workers for queued jobs, within `runnable`. Lock held.
    private func grantWakeUps() {
        while permits < min(count, idle) && busy + permits < runnable {
            permits += 1
            condition.signal()
        }
    }

    private func work(_ index: Int) {
        condition.lock()
        while !stopping {
            // Sleep until granted a wake-up. It is spent even when another worker took the job
            // first, so no stale grant keeps the next job from waking anyone.
            idle += 1
            while !stopping && permits == 0 { condition.wait() }
            idle -= 1
            guard !stopping else { break }
            permits -= 1
            // Jobs back to back, while this worker is within the pool's concurrency.
            while count > 0 && !stopping {
                let job = queue[head]!
                queue[head] = nil
                head = (head + 1) % queue.count
                count -= 1
                busy += 1
                startedAt[index] = MonotonicClock.now()
                condition.unlock()
                job()
                condition.lock()
                startedAt[index] = nil
                busy -= 1
                if busy >= runnable { break }
            }
        }
        alive -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Every millisecond while there is work: counts the stuck workers and wakes others for
    /// the jobs they hold up.
    private func watch() {
        condition.lock()
        while !stopping {
            let active = busy > 0 || count > 0
            condition.unlock()
            usleep(active ? 1_000 : 10_000)
            condition.lock()
            let now = MonotonicClock.now()
            stuck = startedAt.reduce(0) { total, started in
                guard let started, now - started > stuckAfter else { return total }
                return total + 1
            }
            grantWakeUps()
        }
        alive -= 1
        condition.broadcast()
        condition.unlock()
    }
}
