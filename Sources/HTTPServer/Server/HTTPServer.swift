import Foundation
import Glibc
import Synchronization

/// A minimal HTTP/1.1 server: epoll loops for socket I/O, parsing, limits and deadlines
/// (one per four cores: that is all the loops do, so the cores are left to the handlers),
/// and a pool of worker threads that run the (synchronous, possibly blocking) handler, so a
/// slow request never delays another connection. The port has one listening
/// socket, which the first loop accepts on and spreads over the loops in turn.
///
/// ```swift
/// let server = try HTTPServer(host: "127.0.0.1", port: 8080, handler: router.handle)
/// server.start()
/// server.waitUntilStopped()
/// ```
public final class HTTPServer: Sendable {
    public let host: String
    /// The bound port (the one chosen by the system when asked for 0).
    public let port: Int
    public let limits: HTTPLimits
    /// Threads that run handlers.
    public let workerThreads: Int
    private let listener: ListeningSocket
    private let loops: [EventLoop]
    private let shared: ServerState
    private let finished = DispatchSemaphore(value: 0)
    private let started = Mutex(false)

    /// Binds at once, so a taken port fails here rather than later.
    public init(host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits(),
                loopCount: Int? = nil, handler: @escaping Router.Handler) throws {
        signal(SIGPIPE, SIG_IGN)
        self.host = host
        self.limits = limits
        workerThreads = limits.resolvedWorkerThreads
        let listener = try ListeningSocket(host: host, port: port)
        self.listener = listener
        self.port = listener.port
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let shared = ServerState(workers: WorkerPool(threads: workerThreads, maxQueued: limits.maxQueuedRequests, concurrency: cores))
        self.shared = shared
        do {
            loops = try (0..<max(1, loopCount ?? limits.resolvedEventLoops)).map { index in
                try EventLoop(listener: index == 0 ? listener.descriptor : nil, limits: limits, shared: shared, handler: handler)
            }
        } catch {
            close(listener.descriptor)
            throw error
        }
        loops[0].distribute(to: loops)
    }

    /// Starts the workers and the loops on their own threads and returns.
    public func start() {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        // Handlers parse and price on these threads: room for deep JSON and large books.
        shared.workers.start(name: "bulwark-worker", stackSize: 4 << 20)
        for loop in loops {
            let thread = Thread { [finished] in
                loop.run()
                finished.signal()
            }
            thread.name = "bulwark-http"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Graceful stop: no new connections; requests in flight finish (for up to 10 s); then the loops end.
    public func stop() {
        shared.stopRequested.store(true, ordering: .releasing)
        for loop in loops { loop.wake() }
    }

    /// Blocks until every loop has ended, then stops the workers and closes the listening socket.
    public func waitUntilStopped() {
        guard started.withLock({ $0 }) else {
            close(listener.descriptor)
            return
        }
        for _ in loops { finished.wait() }
        shared.workers.stop(timeout: EventLoop.drainSeconds)
        close(listener.descriptor)
    }

    /// Connections open right now, across loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }

    /// Requests waiting for a worker, and requests being handled, right now.
    public var handlerLoad: (queued: Int, running: Int) { shared.workers.load }

    /// Bytes buffered for all connections (requests read ahead, answers not yet sent), as
    /// the loops count them; for tests of the per-connection bounds.
    func bufferedBytes() -> Int {
        let total = Atomic<Int>(0)
        let group = DispatchGroup()
        for loop in loops {
            group.enter()
            loop.post(.reportBufferedBytes { bytes in
                total.add(bytes, ordering: .relaxed)
                group.leave()
            })
        }
        _ = group.wait(timeout: .now() + 5)
        return total.load(ordering: .relaxed)
    }
}
