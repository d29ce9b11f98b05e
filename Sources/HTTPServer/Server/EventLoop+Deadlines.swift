import CSocketShims
import Glibc
import Synchronization

/// Deadlines (head, body, idle, a client that stops reading) and the graceful drain at shutdown.
extension EventLoop {
    func sweep(_ now: Double) {
        for connection in Array(connections.values) {
            if case .lingering(let since) = connection.phase {
                if now - since > EventLoop.lingerSeconds { closeConnection(connection) }
                continue
            }
            if connection.hasPendingOutput {
                // A client that stopped reading what it was sent.
                if now - connection.lastWriteProgress > limits.idleTimeout { closeConnection(connection) }
                continue
            }
            if connection.inFlight != nil || connection.stream != nil { continue }
            if connection.isIdle && draining {
                closeConnection(connection)
            } else if connection.parser.isReadingBody {
                if let started = connection.bodyStartedAt ?? connection.requestStartedAt, now - started > limits.bodyTimeout {
                    timeOut(connection, now, "request body not received within \(limits.bodyTimeout) s")
                }
            } else if let started = connection.requestStartedAt {
                // Counted from the request's first byte, or from accepting a connection that has sent
                // nothing yet: bytes trickled in do not extend it.
                guard now - started > limits.headerTimeout else { continue }
                if connection.parser.isInsideRequest {
                    timeOut(connection, now, "request head not received within \(limits.headerTimeout) s")
                } else {
                    closeConnection(connection)
                }
            } else if connection.isIdle && now - connection.idleSince > limits.idleTimeout {
                closeConnection(connection)
            }
        }
    }

    func timeOut(_ connection: Connection, _ now: Double, _ detail: String) {
        answer(connection, .problem(.requestTimeout, detail: detail, closeConnection: true), to: .closing)
        advance(connection, now)
    }

    func beginDrain(_ now: Double) {
        draining = true
        drainDeadline = now + EventLoop.drainSeconds
        if let listener { shim_epoll_ctl(epoll, 2, listener, 0) }
        for connection in Array(connections.values) {
            if connection.isIdle {
                closeConnection(connection)
            } else if let stream = connection.stream {
                // Streams end with their last chunk when the server stops.
                stream.finish()
                advance(connection, now)
            }
        }
    }

    func closeConnection(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        shim_epoll_ctl(epoll, 2, connection.descriptor, 0)
        close(connection.descriptor)
        shared.openConnections.subtract(1, ordering: .relaxed)
        connection.stream?.close()
    }

    func watch(_ descriptor: Int32, _ events: UInt32, add: Bool) throws {
        guard shim_epoll_ctl(epoll, add ? 0 : 1, descriptor, events) == 0 else {
            throw SocketError("epoll_ctl")
        }
    }
}
