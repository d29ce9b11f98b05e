import CSocketShims
import Glibc
import Synchronization

/// Accepting connections: the first loop takes them from the one listening socket and hands
/// them to the loops in turn; at the connection cap the longest idle one makes room.
extension EventLoop {
    func acceptConnections(_ now: Double) {
        for _ in 0..<256 {
            let descriptor = shim_accept(listener ?? -1)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let open = shared.openConnections.add(1, ordering: .relaxed).newValue
            let loop = peers.isEmpty ? self : peers[nextPeer % peers.count]
            nextPeer &+= 1
            if loop === self {
                adopt(descriptor, overCap: open > limits.maxConnections, now)
            } else {
                loop.post(.adopt(descriptor: descriptor, overCap: open > limits.maxConnections))
            }
        }
    }

    func adopt(_ descriptor: Int32, overCap: Bool, _ now: Double) {
        if overCap && !closeOldestIdleConnection() {
            shared.openConnections.subtract(1, ordering: .relaxed)
            refuse(descriptor)
            return
        }
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        let connection = Connection(descriptor: descriptor, token: shared.nextToken.add(1, ordering: .relaxed).newValue,
                                    limits: limits, now: now)
        do {
            try watch(descriptor, shim_EPOLLIN | shim_EPOLLRDHUP, add: true)
        } catch {
            shared.openConnections.subtract(1, ordering: .relaxed)
            close(descriptor)
            return
        }
        connection.watched = shim_EPOLLIN | shim_EPOLLRDHUP
        connections[descriptor] = connection
    }

    /// At the connection limit, the connection that has waited longest with nothing to do
    /// makes room for a new client.
    func closeOldestIdleConnection() -> Bool {
        guard let oldest = connections.values.filter({ $0.isIdle && !$0.isLingering }).min(by: { $0.idleSince < $1.idleSince })
        else { return false }
        closeConnection(oldest)
        return true
    }

    /// Over the connection cap: a best-effort 503 and close, without reading the request.
    func refuse(_ descriptor: Int32) {
        var bytes: [UInt8] = []
        encoder.encode(.problem(.serviceUnavailable, detail: "too many open connections; retry shortly",
                                extraHeaders: [("Retry-After", "1")], closeConnection: true),
                       version: .http1_1, headOnly: false, close: true, keepAliveHint: false, into: &bytes)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(descriptor)
    }
}
