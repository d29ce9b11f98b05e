import Glibc

/// One client connection, owned by the event loop that accepted it.
final class Connection {
    enum Phase {
        case open
        /// Our side is shut for writing after a final response; reads are drained and dropped.
        case lingering(since: Double)
    }

    let descriptor: Int32
    var parser: HTTPRequestParser
    var outbox: [UInt8] = []
    var outboxOffset = 0
    var closeAfterFlush = false
    var phase = Phase.open
    var lastActivity: Double
    /// When the first byte of the current request arrived.
    var requestStartedAt: Double?
    /// When the body of the current request started to be read.
    var bodyStartedAt: Double?
    var watchingWritable = false
    /// Handed to a stream thread: the loop no longer reads or writes it.
    var detached = false

    init(descriptor: Int32, limits: HTTPLimits, now: Double) {
        self.descriptor = descriptor
        self.parser = HTTPRequestParser(limits: limits)
        self.lastActivity = now
    }

    var hasPendingOutput: Bool { outboxOffset < outbox.count }

    /// Whether the connection sits between requests with nothing to send.
    var isIdle: Bool { !parser.isInsideRequest && !hasPendingOutput }
}
