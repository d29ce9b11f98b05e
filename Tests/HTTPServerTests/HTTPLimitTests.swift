import Foundation
import Glibc
import TestSupport
import Testing
@testable import HTTPServer

/// Size limits, deadlines, the connection cap, many idle connections and graceful shutdown.
@Suite struct HTTPLimitTests {
    @Test func sizeLimits() throws {
        var limits = HTTPLimits()
        limits.maxRequestLineLength = 100
        limits.maxHeaderBytes = 400
        limits.maxHeaderCount = 5
        limits.maxBodyBytes = 10
        let server = try TestServer(limits: limits, loops: 1)
        let longLine = "GET /" + String(repeating: "a", count: 200) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(try server.exchange(longLine).0?.status == 414)
        let manyHeaders = "GET /hello HTTP/1.1\r\nHost: x\r\n" + (0..<6).map { "X-\($0): y\r\n" }.joined() + "\r\n"
        #expect(try server.exchange(manyHeaders).0?.status == 431)
        let bigHeader = "GET /hello HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "b", count: 500) + "\r\n\r\n"
        #expect(try server.exchange(bigHeader).0?.status == 431)
        #expect(try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world").0?.status == 413)
        let chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n"
        #expect(try server.exchange(chunked).0?.status == 413)
    }

    @Test func slowHeadersAndBodiesTimeOut() throws {
        var limits = HTTPLimits()
        limits.headerTimeout = 0.5
        limits.bodyTimeout = 0.5
        let server = try TestServer(limits: limits, loops: 1)
        let slowHead = try server.client()
        slowHead.send("GET /hello HTTP/1.1\r\nHo")
        let headTimeout = try #require(slowHead.readResponse())
        #expect(headTimeout.status == 408 && headTimeout.header("Connection") == "close")
        let slowBody = try server.client()
        slowBody.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(slowBody.readResponse()?.status == 408)
        #expect(slowBody.isClosedByServer())
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 0.5
        let server = try TestServer(limits: limits, loops: 1)
        let client = try server.client()
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        #expect(client.isClosedByServer())
    }

    @Test func connectionCapRefusesWith503WhenNoConnectionIsIdle() throws {
        var limits = HTTPLimits()
        limits.maxConnections = 2
        let server = try TestServer(limits: limits, loops: 1)
        let first = try server.client()
        let second = try server.client()
        // Both in the middle of a request: neither may be closed for a newcomer.
        first.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        second.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        usleep(100_000)
        let third = try server.client()
        #expect(third.readResponse()?.status == 503)
        first.send("\r\n")
        second.send("\r\n")
        #expect(first.readResponse()?.status == 200 && second.readResponse()?.status == 200)
    }

    @Test func atTheConnectionCapTheOldestIdleKeepAliveConnectionMakesRoom() throws {
        var limits = HTTPLimits()
        limits.maxConnections = 2
        let server = try TestServer(limits: limits, loops: 2)
        let first = try server.client()
        first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(first.readResponse()?.status == 200)
        usleep(50_000)
        let second = try server.client()
        second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(second.readResponse()?.status == 200)
        // Both idle now; a third client is admitted and served.
        let third = try server.client()
        third.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(third.readResponse()?.status == 200)
        first.setTimeout(2)
        #expect(first.isClosedByServer())
        #expect(server.server.openConnections <= 2)
    }

    @Test func servesNewClientsWhileAThousandConnectionsIdle() throws {
        raiseOpenFileLimit()
        let server = try TestServer()
        var idle: [RawClient] = []
        for index in 0..<1000 {
            let client = try server.client()
            // Half idle, half slowloris with a partial request line.
            if index % 2 == 0 { client.send("GET /hel") }
            idle.append(client)
        }
        let started = MonotonicClock.now()
        for _ in 0..<20 {
            let client = try server.client()
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
        }
        // Generous bound: a stalled loop would take seconds per client.
        #expect(MonotonicClock.now() - started < 5)
        #expect(server.server.openConnections >= 1000)
    }

    @Test func gracefulShutdownFinishesRequestsInFlight() throws {
        var router = Router()
        router.add(.get, "/slow") { _ in
            usleep(400_000)
            return HTTPResponse(contentType: "text/plain", body: "done")
        }
        let server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 1, handler: router.handle)
        server.start()
        let idle = try RawClient(port: server.port)
        let busy = try RawClient(port: server.port)
        busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(100_000)
        server.stop()
        let response = try #require(busy.readResponse())
        #expect(response.text == "done")
        #expect(response.header("Connection") == "close")
        #expect(idle.isClosedByServer())
        server.waitUntilStopped()
        #expect(throws: SocketError.self) { try RawClient(port: server.port) }
    }
}
