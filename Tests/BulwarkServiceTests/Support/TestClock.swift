import Synchronization

/// A clock the test moves: seconds since the epoch, starting at 1,000.
final class TestClock: Sendable {
    let seconds = Mutex(1_000.0)
    var now: Double { seconds.withLock { $0 } }
    func advance(_ delta: Double) { seconds.withLock { $0 += delta } }
}
