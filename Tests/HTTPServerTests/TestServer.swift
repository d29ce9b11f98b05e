import Foundation
@testable import HTTPServer

/// A live server on an ephemeral port with echo routes, stopped when the test ends.
final class TestServer {
    let server: HTTPServer
    /// `GET /block` waits for a signal here: a handler that blocks for as long as the test says.
    let gate = DispatchSemaphore(value: 0)

    var port: Int { server.port }

    init(limits: HTTPLimits = HTTPLimits(), loops: Int = 2) throws {
        var router = Router()
        router.add(.get, "/hello") { _ in HTTPResponse(contentType: "text/plain", body: "hello") }
        router.add(.post, "/echo") { request in
            var response = HTTPResponse(status: .ok, body: request.body)
            response.headers.add("Content-Type", "application/octet-stream")
            return response
        }
        router.add(.get, "/items/{id}") { request in
            HTTPResponse(contentType: "text/plain", body: request.pathParameters["id"] ?? "")
        }
        router.add(.get, "/slow") { _ in
            usleep(300_000)
            return HTTPResponse(contentType: "text/plain", body: "slow")
        }
        router.add(.get, "/big") { _ in HTTPResponse(contentType: "text/plain", body: String(repeating: "b", count: 16 * 1024)) }
        router.add(.get, "/block") { [gate] _ in
            gate.wait()
            return HTTPResponse(contentType: "text/plain", body: "unblocked")
        }
        router.add(.get, "/stream") { _ in
            var response = HTTPResponse(contentType: "text/event-stream", body: "")
            response.stream = HTTPStream { writer in
                for part in ["a", "bb", "ccc"] { writer.write(part) }
                writer.finish()
            }
            return response
        }
        router.add(.get, "/endless") { _ in
            var response = HTTPResponse(contentType: "text/event-stream", body: "")
            // A producer of the test's own: the server holds no thread per stream.
            response.stream = HTTPStream { writer in
                Thread.detachNewThread {
                    while writer.isOpen {
                        writer.write(": ping\n\n")
                        usleep(20_000)
                    }
                }
            }
            return response
        }
        server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits, loopCount: loops, handler: router.handle)
        server.start()
    }

    deinit {
        server.stop()
        server.waitUntilStopped()
    }

    func client() throws -> RawClient { try RawClient(port: port) }

    /// Sends raw bytes on a new connection and reads one response.
    func exchange(_ raw: String) throws -> (RawResponse?, RawClient) {
        let client = try client()
        client.send(raw)
        return (client.readResponse(), client)
    }
}
