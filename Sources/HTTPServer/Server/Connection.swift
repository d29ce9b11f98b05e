import Glibc

/// One client connection, owned by one event loop.
final class Connection {
    enum Phase {
        case open
        /// Our side is shut for writing after a final response; reads are drained and dropped.
        case lingering(since: Double)
    }

    /// What the loop needs to answer a request whose handler runs on a worker.
    struct InFlight {
        var version: HTTPVersion
        var method: HTTPMethod
        var wantsKeepAlive: Bool

        /// For the answers the server gives on its own before closing (framing errors, 408).
        static let closing = InFlight(version: .http1_1, method: .get, wantsKeepAlive: false)
    }

    let descriptor: Int32
    /// Tells this connection from a later one that reuses the descriptor.
    let token: UInt64
    var parser: HTTPRequestParser
    var outbox: [UInt8] = []
    var outboxOffset = 0
    var closeAfterFlush = false
    /// The client shut its side: answer what it sent, then close.
    var peerClosed = false
    var phase = Phase.open
    /// The request a worker is answering; the next pipelined one waits for it.
    var inFlight: InFlight?
    /// The streamed body this connection is sending, once its head is out.
    var stream: HTTPStreamWriter?
    /// When the head deadline of the next request started: at accept, or at its first byte.
    var requestStartedAt: Double?
    /// When the body of the current request started to be read.
    var bodyStartedAt: Double?
    /// When the connection last had nothing to do (its idle timeout counts from here).
    var idleSince: Double
    /// When queued output last moved (the client stopped reading when this gets old).
    var lastWriteProgress: Double
    /// The events epoll reports for it now.
    var watched: UInt32 = 0

    init(descriptor: Int32, token: UInt64, limits: HTTPLimits, now: Double) {
        self.descriptor = descriptor
        self.token = token
        self.parser = HTTPRequestParser(limits: limits)
        self.idleSince = now
        self.lastWriteProgress = now
        self.requestStartedAt = now
    }

    var pendingOutput: Int { outbox.count - outboxOffset }

    var hasPendingOutput: Bool { outboxOffset < outbox.count }

    /// Whether the connection sits between requests with nothing to do.
    var isIdle: Bool {
        inFlight == nil && stream == nil && !parser.isInsideRequest && !hasPendingOutput && !closeAfterFlush
    }

    var isLingering: Bool {
        if case .lingering = phase { return true }
        return false
    }
}
