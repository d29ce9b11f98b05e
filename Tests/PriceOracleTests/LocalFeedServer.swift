import Foundation
import Glibc
import HTTPServer
import Synchronization

/// Serves feed bodies on loopback for the poller tests, counting requests per path.
final class LocalFeedServer: Sendable {
    let server: HTTPServer
    private let counts: RequestCounts

    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// `routes` maps a path to a response made from the current time.
    init(routes: [String: @Sendable (Double) -> HTTPResponse]) throws {
        let counts = RequestCounts()
        self.counts = counts
        server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 1) { request in
            counts.value.withLock { $0[request.path, default: 0] += 1 }
            guard let route = routes[request.path] else { return .problem(.notFound, detail: "no feed at \(request.path)") }
            return route(Date().timeIntervalSince1970)
        }
        server.start()
    }

    func requests(_ path: String) -> Int { counts.value.withLock { $0[path] ?? 0 } }

    func stop() {
        server.stop()
        server.waitUntilStopped()
    }

    static func json(_ body: String) -> @Sendable (Double) -> HTTPResponse {
        { now in HTTPResponse(contentType: "application/json", body: FeedSamples.filled(body, now: now)) }
    }
}

final class RequestCounts: Sendable {
    let value = Mutex<[String: Int]>([:])
}

/// A TCP listener that accepts connections and never answers: a feed that hangs.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(descriptor, 16)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: bound.sin_port))
    }

    deinit { close(descriptor) }
}
