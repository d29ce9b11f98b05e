import CSocketShims
import Glibc
import Synchronization

/// One epoll loop on its own thread. It does socket I/O, parsing, limits and deadlines for
/// the connections it owns, and nothing else: each complete request goes to the worker
/// pool, and the answer comes back through the loop's mailbox. Level-triggered; a sweep
/// four times a second enforces the deadlines. The first loop also accepts, and hands new
/// connections to every loop in turn.
final class EventLoop: @unchecked Sendable {
    /// What other threads ask of a loop.
    enum Message: Sendable {
        /// A connection the accepting loop hands over; `overCap` when it puts the server over
        /// its connection limit.
        case adopt(descriptor: Int32, overCap: Bool)
        /// A handler's answer; `stream` when it is the head of a streamed body.
        case response(descriptor: Int32, token: UInt64, response: HTTPResponse, stream: HTTPStreamWriter?)
        /// A stream has bytes to send, or has ended.
        case streamReady(descriptor: Int32, token: UInt64)
        /// Reports the bytes buffered for every connection (tests).
        case reportBufferedBytes(@Sendable (Int) -> Void)
    }

    private struct Mailbox {
        var messages: [Message] = []
        /// The loop is in (or about to enter) a blocking epoll_wait: a message must wake it.
        var sleeping = false
        /// The eventfd was written and the loop has not woken since.
        var signalled = false
    }

    // Confined to the loop's thread, except `post`, `wake` and the mailbox.
    let epoll: Int32
    let wakeDescriptor: Int32
    let listener: Int32?
    let limits: HTTPLimits
    let handler: Router.Handler
    let shared: ServerState
    private let mailbox = Mutex(Mailbox())
    var spareMessages: [Message] = []
    /// Every loop, this one included: where the accepting loop sends new connections.
    var peers: [EventLoop] = []
    var nextPeer = 0
    var connections: [Int32: Connection] = [:]
    var encoder = HTTPResponseEncoder()
    var draining = false
    var drainDeadline = 0.0
    var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)

    static let lingerSeconds = 2.0
    static let drainSeconds = 10.0

    /// - Parameter listener: the listening socket, for the one loop that accepts.
    init(listener: Int32?, limits: HTTPLimits, shared: ServerState, handler: @escaping Router.Handler) throws {
        self.listener = listener
        self.limits = limits
        self.shared = shared
        self.handler = handler
        epoll = shim_epoll_create()
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        wakeDescriptor = shim_eventfd()
        guard wakeDescriptor >= 0 else { throw SocketError("eventfd") }
        if let listener { try watch(listener, shim_EPOLLIN, add: true) }
        try watch(wakeDescriptor, shim_EPOLLIN, add: true)
    }

    /// Set once, before the loops start.
    func distribute(to peers: [EventLoop]) {
        self.peers = peers
    }

    /// Asks the loop to look at its mailbox and the shared state (stop requests) now.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, 8)
    }

    /// Leaves a message for the loop, from any thread; one wake-up per batch of messages.
    func post(_ message: Message) {
        // A loop that is awake reads its mailbox before it next waits: only a sleeping one
        // needs the eventfd, once.
        let needsWake = mailbox.withLock { box -> Bool in
            box.messages.append(message)
            guard box.sleeping && !box.signalled else { return false }
            box.signalled = true
            return true
        }
        if needsWake { wake() }
    }

    func run() {
        var readyDescriptors = [Int32](repeating: 0, count: 256)
        var readyEvents = [UInt32](repeating: 0, count: 256)
        var nextSweep = MonotonicClock.now() + 0.25
        while true {
            let sleeps = mailbox.withLock { box -> Bool in
                box.sleeping = box.messages.isEmpty
                return box.sleeping
            }
            let count = shim_epoll_wait(epoll, &readyDescriptors, &readyEvents, 256, sleeps ? 250 : 0)
            if sleeps {
                mailbox.withLock { box in
                    box.sleeping = false
                    box.signalled = false
                }
            }
            let now = MonotonicClock.now()
            for index in 0..<max(0, Int(count)) {
                let descriptor = readyDescriptors[index]
                let flags = readyEvents[index]
                if descriptor == listener {
                    if !draining { acceptConnections(now) }
                } else if descriptor == wakeDescriptor {
                    var value: UInt64 = 0
                    _ = read(wakeDescriptor, &value, 8)
                } else if let connection = connections[descriptor] {
                    if flags & (shim_EPOLLERR | shim_EPOLLHUP) != 0 {
                        // Reset, or both directions shut: nothing more can be said either way.
                        closeConnection(connection)
                        continue
                    }
                    if flags & (shim_EPOLLIN | shim_EPOLLRDHUP) != 0 { readable(connection, now) }
                    if flags & shim_EPOLLOUT != 0, connections[descriptor] === connection { advance(connection, now) }
                }
            }
            readMailbox(now)
            if !draining && shared.stopRequested.load(ordering: .acquiring) { beginDrain(now) }
            if now >= nextSweep {
                sweep(now)
                nextSweep = now + 0.25
            }
            if draining && (connections.isEmpty || now > drainDeadline) { break }
        }
        for connection in Array(connections.values) { closeConnection(connection) }
        close(wakeDescriptor)
        close(epoll)
    }

    // MARK: Messages

    func readMailbox(_ now: Double) {
        mailbox.withLock { swap(&$0.messages, &spareMessages) }
        for message in spareMessages {
            switch message {
            case .adopt(let descriptor, let overCap):
                adopt(descriptor, overCap: overCap, now)
            case .response(let descriptor, let token, let response, let stream):
                guard let connection = connections[descriptor], connection.token == token, let request = connection.inFlight else {
                    stream?.close()
                    continue
                }
                connection.inFlight = nil
                if let stream, !draining {
                    encoder.encodeStreamHead(response, version: request.version, into: &connection.outbox)
                    connection.stream = stream
                } else {
                    stream?.close()
                    answer(connection, response, to: request)
                }
                advance(connection, now)
            case .streamReady(let descriptor, let token):
                guard let connection = connections[descriptor], connection.token == token, connection.stream != nil else { continue }
                advance(connection, now)
            case .reportBufferedBytes(let report):
                report(connections.values.reduce(0) { $0 + $1.parser.bufferedByteCount + $1.outbox.count })
            }
        }
        spareMessages.removeAll(keepingCapacity: true)
    }

    // MARK: Reading, dispatching and writing

    func readable(_ connection: Connection, _ now: Double) {
        var peerClosed = false
        let discards = connection.isLingering || connection.stream != nil
        for _ in 0..<4 {
            if !discards && !wantsInput(connection) { break }
            let received = readBuffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                if !discards { connection.parser.append(readBuffer[0..<received]) }
                if received < readBuffer.count { break }
            } else if received == 0 {
                peerClosed = true
                break
            } else {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                closeConnection(connection)
                return
            }
        }
        if peerClosed && discards {
            // A stream's client went away, or a lingering one finished: free the slot now.
            closeConnection(connection)
            return
        }
        // The client finished sending: answer what it sent, then close.
        if peerClosed { connection.peerClosed = true }
        advance(connection, now)
    }

    /// Moves a connection as far as it can go now: take a stream's output or dispatch the
    /// next request, send, then watch for what it waits for.
    func advance(_ connection: Connection, _ now: Double) {
        while true {
            let heldBack = connection.pendingOutput >= limits.maxQueuedOutput
            if connection.stream != nil {
                takeStreamOutput(connection)
            } else if !connection.isLingering {
                dispatchRequests(connection, now)
            }
            guard connections[connection.descriptor] === connection else { return }
            if connection.peerClosed && connection.inFlight == nil && connection.stream == nil { connection.closeAfterFlush = true }
            guard flush(connection, now) else { return }
            // Output held back what was read (pipelined requests, a stream's bytes) and has now
            // all gone: no event will come for bytes already read, so go on here.
            guard heldBack && !connection.hasPendingOutput else { break }
        }
        updateInterest(connection)
    }

    func dispatchRequests(_ connection: Connection, _ now: Double) {
        while connection.inFlight == nil && !connection.closeAfterFlush && connection.pendingOutput < limits.maxQueuedOutput {
            do {
                switch try connection.parser.next() {
                case .needMore:
                    if connection.parser.isInsideRequest && connection.requestStartedAt == nil { connection.requestStartedAt = now }
                    if connection.parser.isReadingBody && connection.bodyStartedAt == nil { connection.bodyStartedAt = now }
                    return
                case .sendContinue:
                    connection.outbox.append(contentsOf: HTTPResponseEncoder.continueResponse)
                    connection.bodyStartedAt = now
                case .request(let request):
                    connection.requestStartedAt = nil
                    connection.bodyStartedAt = nil
                    let inFlight = Connection.InFlight(version: request.version, method: request.method,
                                                       wantsKeepAlive: request.wantsKeepAlive)
                    if !HTTPMethod.implemented.contains(request.method) {
                        answer(connection, .problem(.notImplemented, detail: "method \(request.method) is not implemented",
                                                    instance: request.path), to: inFlight)
                    } else if submit(request, on: connection) {
                        connection.inFlight = inFlight
                    } else {
                        answer(connection, .problem(.serviceUnavailable,
                                                    detail: "the server has \(limits.maxQueuedRequests) requests waiting; retry shortly",
                                                    instance: request.path, extraHeaders: [("Retry-After", "1")]), to: inFlight)
                    }
                }
            } catch {
                answer(connection, .problem(error.status, detail: error.reason, closeConnection: true), to: .closing)
                return
            }
        }
    }

    /// Hands a request to a worker; the answer comes back as a message. False when the
    /// workers' queue is full.
    func submit(_ request: HTTPRequest, on connection: Connection) -> Bool {
        let descriptor = connection.descriptor
        let token = connection.token
        let handler = self.handler
        return shared.workers.submit { [self] in
            let response = handler(request)
            guard let stream = response.stream, request.method != .head else {
                post(.response(descriptor: descriptor, token: token, response: response, stream: nil))
                return
            }
            let writer = HTTPStreamWriter(chunked: request.version == .http1_1) { [self] in
                post(.streamReady(descriptor: descriptor, token: token))
            }
            post(.response(descriptor: descriptor, token: token, response: response, stream: writer))
            stream.open(writer)
        }
    }

    func answer(_ connection: Connection, _ response: HTTPResponse, to request: Connection.InFlight) {
        let close = response.closeConnection || !request.wantsKeepAlive || draining || shared.stopRequested.load(ordering: .relaxed)
        encoder.encode(response, version: request.version, headOnly: request.method == .head, close: close,
                       keepAliveHint: request.version == .http1_0 && !close, into: &connection.outbox)
        if close { connection.closeAfterFlush = true }
    }

    /// Moves what a stream queued into the connection's output, while the client keeps up.
    func takeStreamOutput(_ connection: Connection) {
        guard let stream = connection.stream, !connection.closeAfterFlush,
              connection.pendingOutput < limits.maxQueuedOutput else { return }
        let (bytes, finished, open) = stream.take()
        guard open else {
            closeConnection(connection)
            return
        }
        connection.outbox.append(contentsOf: bytes)
        if finished { connection.closeAfterFlush = true }
    }

    /// Sends what is queued; false when the connection had to be closed.
    func flush(_ connection: Connection, _ now: Double) -> Bool {
        let hadOutput = connection.hasPendingOutput
        while connection.hasPendingOutput {
            let sent = connection.outbox.withUnsafeBytes { bytes in
                Glibc.send(connection.descriptor, bytes.baseAddress! + connection.outboxOffset, bytes.count - connection.outboxOffset,
                           Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outboxOffset += sent
                connection.lastWriteProgress = now
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // A client that reads slowly but keeps asking: drop what was sent rather than
                // let the buffer grow by every answer it ever got.
                if connection.outboxOffset >= 64 * 1024 && connection.outboxOffset * 2 >= connection.outbox.count {
                    connection.outbox.removeFirst(connection.outboxOffset)
                    connection.outboxOffset = 0
                }
                return true
            } else {
                closeConnection(connection)
                return false
            }
        }
        if hadOutput {
            connection.outbox.removeAll(keepingCapacity: connection.outbox.capacity <= 256 * 1024)
            connection.outboxOffset = 0
        }
        if connection.closeAfterFlush && !connection.isLingering {
            if connection.peerClosed {
                closeConnection(connection)
                return false
            }
            // Half-close and drain what the client still sends, so a final response isn't lost to a reset.
            shutdown(connection.descriptor, Int32(SHUT_WR))
            connection.phase = .lingering(since: now)
        } else if hadOutput && connection.isIdle {
            // The idle timeout counts from the last answer, not from bytes the client trickles in.
            connection.idleSince = now
        }
        return true
    }

    /// Whether to read from the connection now: not while it has a request in flight or
    /// output the client has not read, once it has read ahead as much as it may.
    func wantsInput(_ connection: Connection) -> Bool {
        if connection.isLingering || connection.stream != nil { return true }
        if connection.peerClosed { return false }
        if connection.inFlight != nil || connection.closeAfterFlush || connection.pendingOutput >= limits.maxQueuedOutput {
            return connection.parser.pendingByteCount < limits.maxReadAhead
        }
        return true
    }

    func updateInterest(_ connection: Connection) {
        var events: UInt32 = 0
        if wantsInput(connection) { events |= shim_EPOLLIN | shim_EPOLLRDHUP }
        if connection.hasPendingOutput { events |= shim_EPOLLOUT }
        guard events != connection.watched else { return }
        connection.watched = events
        try? watch(connection.descriptor, events, add: false)
    }
}
