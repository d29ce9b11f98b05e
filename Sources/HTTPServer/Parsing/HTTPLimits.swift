import Foundation

/// Hard limits that keep one client from exhausting the server, and its threads.
public struct HTTPLimits: Sendable {
    /// Longest request line; longer is 414.
    public var maxRequestLineLength = 8 * 1024
    /// Largest header section (request line included); larger is 431.
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields; more is 431.
    public var maxHeaderCount = 100
    /// Largest body after de-chunking; larger is 413. A chunked body's framing (size lines,
    /// extensions, trailers) may add at most as much again; more is 413 too.
    public var maxBodyBytes = 1024 * 1024
    /// From the first byte of a request (or, on a new connection, from accepting it) to the
    /// end of its header section (slowloris); then 408.
    public var headerTimeout: Double = 10
    /// From the end of the header section to the end of the body; then 408.
    public var bodyTimeout: Double = 30
    /// How long a keep-alive connection with nothing in flight stays open; and how long
    /// queued output may wait for a client that does not read it.
    public var idleTimeout: Double = 60
    /// Most open connections; above it the oldest idle keep-alive connection is closed to
    /// admit the new one, and without one the new client gets 503.
    public var maxConnections = 4096
    /// Requests waiting for a handler thread; beyond it new requests get 503 with Retry-After.
    public var maxQueuedRequests = 1024
    /// Threads that run handlers (0: four per core, at least 16).
    public var workerThreads = 0
    /// Event loops (0: one per four cores, at least one).
    public var eventLoops = 0
    /// Response bytes queued for one connection beyond which the loop stops reading its
    /// requests (and stops taking a stream's output) until the client catches up.
    public var maxQueuedOutput = 4 * 1024 * 1024
    /// Request bytes read ahead of the one being answered (pipelining) beyond which the
    /// loop stops reading from that connection.
    public var maxReadAhead = 64 * 1024

    public init() {}

    var resolvedWorkerThreads: Int {
        workerThreads > 0 ? workerThreads : max(16, 4 * ProcessInfo.processInfo.activeProcessorCount)
    }

    var resolvedEventLoops: Int {
        eventLoops > 0 ? eventLoops : max(1, ProcessInfo.processInfo.activeProcessorCount / 4)
    }
}
