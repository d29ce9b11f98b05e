import CSocketShims
import Glibc
import Foundation
import Synchronization

/// One epoll loop on its own thread: accepts from its own listener, reads, parses,
/// calls the handler and writes, for every connection it owns. Level-triggered; a
/// sweep four times a second enforces the header, body and idle deadlines.
final class EventLoop: @unchecked Sendable {
    // Confined to the loop's thread, except `wake()` and `stopRequested`.
    private let epoll: Int32
    private let wakeDescriptor: Int32
    private let listener: Int32
    private let limits: HTTPLimits
    private let handler: Router.Handler
    private let shared: ServerState
    private var connections: [Int32: Connection] = [:]
    private var encoder = HTTPResponseEncoder()
    private var draining = false
    private var drainDeadline = 0.0
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)

    static let lingerSeconds = 2.0
    static let drainSeconds = 10.0
    static let maxQueuedOutput = 4 * 1024 * 1024

    init(listener: Int32, limits: HTTPLimits, shared: ServerState, handler: @escaping Router.Handler) throws {
        self.listener = listener
        self.limits = limits
        self.shared = shared
        self.handler = handler
        epoll = shim_epoll_create()
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        wakeDescriptor = shim_eventfd()
        guard wakeDescriptor >= 0 else { throw SocketError("eventfd") }
        try watch(listener, shim_EPOLLIN, add: true)
        try watch(wakeDescriptor, shim_EPOLLIN, add: true)
    }

    /// Asks the loop to look at the shared state (stop requests) now.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, 8)
    }

    func run() {
        var readyDescriptors = [Int32](repeating: 0, count: 256)
        var readyEvents = [UInt32](repeating: 0, count: 256)
        var nextSweep = MonotonicClock.now() + 0.25
        while true {
            let count = shim_epoll_wait(epoll, &readyDescriptors, &readyEvents, 256, 250)
            let now = MonotonicClock.now()
            if count > 0 {
                for index in 0..<Int(count) {
                    let descriptor = readyDescriptors[index]
                    let flags = readyEvents[index]
                    if descriptor == listener {
                        if !draining { acceptConnections(now) }
                    } else if descriptor == wakeDescriptor {
                        var value: UInt64 = 0
                        _ = read(wakeDescriptor, &value, 8)
                    } else if let connection = connections[descriptor] {
                        if flags & (shim_EPOLLIN | shim_EPOLLHUP | shim_EPOLLERR) != 0 {
                            readable(connection, now)
                        }
                        if flags & shim_EPOLLOUT != 0, connections[descriptor] != nil {
                            flush(connection, now)
                        }
                    }
                }
            }
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

    // MARK: Accepting

    private func acceptConnections(_ now: Double) {
        for _ in 0..<256 {
            let descriptor = shim_accept(listener)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let open = shared.openConnections.add(1, ordering: .relaxed).newValue
            if open > limits.maxConnections {
                shared.openConnections.subtract(1, ordering: .relaxed)
                refuse(descriptor)
                continue
            }
            var on: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            do {
                try watch(descriptor, shim_EPOLLIN | shim_EPOLLRDHUP, add: true)
            } catch {
                shared.openConnections.subtract(1, ordering: .relaxed)
                close(descriptor)
                continue
            }
            connections[descriptor] = Connection(descriptor: descriptor, limits: limits, now: now)
        }
    }

    /// Over the connection cap: a best-effort 503 and close, without reading the request.
    private func refuse(_ descriptor: Int32) {
        var bytes: [UInt8] = []
        encoder.encode(.problem(.serviceUnavailable, detail: "too many open connections; retry shortly",
                                extraHeaders: [("Retry-After", "1")], closeConnection: true),
                       version: .http1_1, headOnly: false, close: true, keepAliveHint: false, into: &bytes)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(descriptor)
    }

    // MARK: Reading and writing

    private func readable(_ connection: Connection, _ now: Double) {
        var peerClosed = false
        for _ in 0..<4 {
            let received = readBuffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                connection.lastActivity = now
                if case .open = connection.phase {
                    connection.parser.append(readBuffer[0..<received])
                }
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
        if case .lingering = connection.phase {
            if peerClosed { closeConnection(connection) }
            return
        }
        process(connection, now)
        if peerClosed {
            // The client finished sending; answer what it sent, then close.
            connection.closeAfterFlush = true
        }
        flush(connection, now)
    }

    private func process(_ connection: Connection, _ now: Double) {
        while !connection.closeAfterFlush && connection.outbox.count - connection.outboxOffset < EventLoop.maxQueuedOutput {
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
                    let response: HTTPResponse
                    if HTTPMethod.implemented.contains(request.method) {
                        response = handler(request)
                    } else {
                        response = .problem(.notImplemented, detail: "method \(request.method) is not implemented", instance: request.path)
                    }
                    if let stream = response.stream, request.method != .head, !draining {
                        encoder.encodeStreamHead(response, version: request.version, into: &connection.outbox)
                        detach(connection, stream, chunked: request.version == .http1_1)
                        return
                    }
                    let close = response.closeConnection || !request.wantsKeepAlive || draining
                        || shared.stopRequested.load(ordering: .relaxed)
                    encoder.encode(response, version: request.version, headOnly: request.method == .head, close: close,
                                   keepAliveHint: request.version == .http1_0 && !close, into: &connection.outbox)
                    if close { connection.closeAfterFlush = true }
                }
            } catch {
                answerAndClose(connection, .problem(error.status, detail: error.reason, closeConnection: true))
                return
            }
        }
    }

    private func answerAndClose(_ connection: Connection, _ response: HTTPResponse) {
        encoder.encode(response, version: .http1_1, headOnly: false, close: true, keepAliveHint: false, into: &connection.outbox)
        connection.closeAfterFlush = true
    }

    /// Hands a connection to a thread of its own for a streamed body: out of epoll, blocking
    /// with a send timeout, still counted as open until the stream ends.
    private func detach(_ connection: Connection, _ stream: HTTPStream, chunked: Bool) {
        connections.removeValue(forKey: connection.descriptor)
        shim_epoll_ctl(epoll, 2, connection.descriptor, 0)
        connection.detached = true
        let descriptor = connection.descriptor
        let pending = Array(connection.outbox[connection.outboxOffset...])
        let writer = HTTPStreamWriter(descriptor: descriptor, chunked: chunked, shared: shared)
        _ = shim_make_blocking(descriptor, 10)
        let thread = Thread {
            if writer.writeRaw(pending) { stream.body(writer) }
            writer.finish()
        }
        thread.name = "bulwark-stream"
        thread.stackSize = 512 * 1024
        thread.start()
    }

    private func flush(_ connection: Connection, _ now: Double) {
        guard !connection.detached else { return }
        while connection.hasPendingOutput {
            let sent = connection.outbox.withUnsafeBytes { bytes in
                send(connection.descriptor, bytes.baseAddress! + connection.outboxOffset, bytes.count - connection.outboxOffset,
                     Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outboxOffset += sent
                connection.lastActivity = now
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if !connection.watchingWritable {
                    connection.watchingWritable = true
                    try? watch(connection.descriptor, shim_EPOLLIN | shim_EPOLLOUT | shim_EPOLLRDHUP, add: false)
                }
                return
            } else {
                closeConnection(connection)
                return
            }
        }
        connection.outbox.removeAll(keepingCapacity: connection.outbox.capacity <= 256 * 1024)
        connection.outboxOffset = 0
        if connection.watchingWritable {
            connection.watchingWritable = false
            try? watch(connection.descriptor, shim_EPOLLIN | shim_EPOLLRDHUP, add: false)
        }
        if connection.closeAfterFlush {
            if case .open = connection.phase {
                // Half-close and drain what the client still sends, so a final response
                // isn't lost to a reset.
                shutdown(connection.descriptor, Int32(SHUT_WR))
                connection.phase = .lingering(since: now)
            }
        } else if connection.parser.pendingByteCount > 0 {
            // Pipelined requests held back while output was queued.
            process(connection, now)
            if connection.hasPendingOutput || connection.closeAfterFlush { flush(connection, now) }
        }
    }

    // MARK: Deadlines and shutdown

    private func sweep(_ now: Double) {
        for connection in Array(connections.values) {
            if case .lingering(let since) = connection.phase {
                if now - since > EventLoop.lingerSeconds { closeConnection(connection) }
                continue
            }
            if connection.hasPendingOutput {
                // A client that stopped reading its responses.
                if now - connection.lastActivity > limits.idleTimeout { closeConnection(connection) }
                continue
            }
            if connection.parser.isReadingBody, let started = connection.bodyStartedAt ?? connection.requestStartedAt,
               now - started > limits.bodyTimeout {
                timeOut(connection, now, "request body not received within \(limits.bodyTimeout) s")
            } else if !connection.parser.isReadingBody, connection.parser.isInsideRequest,
                      let started = connection.requestStartedAt, now - started > limits.headerTimeout {
                timeOut(connection, now, "request head not received within \(limits.headerTimeout) s")
            } else if connection.isIdle && (draining || now - connection.lastActivity > limits.idleTimeout) {
                closeConnection(connection)
            }
        }
    }

    private func timeOut(_ connection: Connection, _ now: Double, _ detail: String) {
        answerAndClose(connection, .problem(.requestTimeout, detail: detail, closeConnection: true))
        flush(connection, now)
    }

    private func beginDrain(_ now: Double) {
        draining = true
        drainDeadline = now + EventLoop.drainSeconds
        shim_epoll_ctl(epoll, 2, listener, 0)
        for connection in Array(connections.values) where connection.isIdle {
            closeConnection(connection)
        }
    }

    private func closeConnection(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        shim_epoll_ctl(epoll, 2, connection.descriptor, 0)
        close(connection.descriptor)
        shared.openConnections.subtract(1, ordering: .relaxed)
    }

    private func watch(_ descriptor: Int32, _ events: UInt32, add: Bool) throws {
        guard shim_epoll_ctl(epoll, add ? 0 : 1, descriptor, events) == 0 else {
            throw SocketError("epoll_ctl")
        }
    }
}

/// State every loop of a server shares.
final class ServerState: Sendable {
    let openConnections = Atomic<Int>(0)
    let stopRequested = Atomic<Bool>(false)
}
