import Foundation
import CSocketShims
import Synchronization

/// Runs long background work (backtests, calibrations) on one thread per core at a lower
/// scheduling priority (nice 10), so that requests keep the cores first while it runs.
enum BackgroundWorkers {
    /// Calls `body` once for every index in `0..<count`, in no particular order, and returns when all are done.
    static func forEach(_ count: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let next = Mutex(0)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(threads, count)) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                // On Linux the nice value is per thread: this lowers only this worker.
                _ = shim_set_thread_nice(10)
                while true {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    guard index < count else { return }
                    body(index)
                }
            }
            thread.name = "bulwark-background"
            thread.start()
        }
        group.wait()
    }
}
