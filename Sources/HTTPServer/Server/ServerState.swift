import Synchronization

/// State every loop of a server shares.
final class ServerState: Sendable {
    let openConnections = Atomic<Int>(0)
    let stopRequested = Atomic<Bool>(false)
    /// Numbers connections, so an answer never reaches a later connection on the same descriptor.
    let nextToken = Atomic<UInt64>(0)
    let workers: WorkerPool

    init(workers: WorkerPool) {
        self.workers = workers
    }
}
