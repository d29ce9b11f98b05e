import Foundation
import Glibc
import Synchronization

/// A minimal HTTP/1.1 server: one epoll loop per core, each with a listening socket of its
/// own on the same port (SO_REUSEPORT: the kernel spreads connections over the loops, so a
/// burst of connects does not land on one core), a synchronous handler called on the loop's thread.
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
    private let listeners: [ListeningSocket]
    private let loops: [EventLoop]
    private let shared = ServerState()
    private let finished = DispatchSemaphore(value: 0)
    private let started = Mutex(false)

    /// Binds at once, so a taken port fails here rather than later.
    public init(host: String = "127.0.0.1", port: Int = 8080, limits: HTTPLimits = HTTPLimits(),
                loopCount: Int = ProcessInfo.processInfo.activeProcessorCount, handler: @escaping Router.Handler) throws {
        signal(SIGPIPE, SIG_IGN)
        self.host = host
        self.limits = limits
        let first = try ListeningSocket(host: host, port: port, reusePort: true)
        var listeners = [first]
        do {
            for _ in 1..<max(1, loopCount) {
                listeners.append(try ListeningSocket(host: host, port: first.port, reusePort: true))
            }
        } catch {
            for listener in listeners { close(listener.descriptor) }
            throw error
        }
        self.listeners = listeners
        self.port = first.port
        let shared = self.shared
        self.loops = try listeners.map { listener in
            try EventLoop(listener: listener.descriptor, limits: limits, shared: shared, handler: handler)
        }
    }

    /// Starts the loops on their own threads and returns.
    public func start() {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
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

    /// Blocks until every loop has ended, then closes the listening sockets.
    public func waitUntilStopped() {
        for _ in loops { finished.wait() }
        for listener in listeners { close(listener.descriptor) }
    }

    /// Connections open right now, across loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }
}
