import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing
@testable import HTTPServer

/// What the event loops promise over real sockets: handlers never run on them, overload is
/// an answer, and a connection's memory and lifetime are bounded whatever its client does.
@Suite struct EventLoopTests {
    @Test func aBlockedHandlerDelaysNoOtherConnection() throws {
        // One loop: before, its thread ran the handler, so this was the worst case.
        let server = try TestServer(loops: 1)
        let blocked = try (0..<4).map { _ in try server.client() }
        for client in blocked { client.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n") }
        #expect(waitUntil { server.server.handlerLoad.running == 4 })
        // The four handlers are still blocked while others are answered.
        for _ in 0..<3 {
            let (response, _) = try server.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response?.status == 200 && response?.text == "hello")
        }
        // A /hello worker may count itself done a moment after its answer left: wait for it.
        #expect(waitUntil { server.server.handlerLoad.running == 4 })
        for _ in blocked { server.gate.signal() }
        for client in blocked { #expect(client.readResponse()?.text == "unblocked") }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAroundABlockedOne() throws {
        let server = try TestServer(loops: 1)
        let client = try server.client()
        client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /block HTTP/1.1\r\nHost: t\r\n\r\nGET /items/3 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.text == "1")
        #expect(waitUntil { server.server.handlerLoad.running == 1 })
        server.gate.signal()
        #expect(client.readResponse()?.text == "unblocked")
        #expect(client.readResponse()?.text == "3")
    }

    @Test func aFullHandlerQueueIsAnswered503WithRetryAfter() throws {
        var limits = HTTPLimits()
        limits.workerThreads = 1
        limits.maxQueuedRequests = 1
        let server = try TestServer(limits: limits, loops: 1)
        let running = try server.client()
        running.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(waitUntil { server.server.handlerLoad.running == 1 })
        let queued = try server.client()
        queued.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(waitUntil { server.server.handlerLoad.queued == 1 })
        let refused = try server.client()
        refused.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(refused.readResponse())
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "1")
        #expect(response.header("Content-Type") == "application/problem+json")
        // The connection stays usable once there is room again.
        server.gate.signal()
        server.gate.signal()
        #expect(running.readResponse()?.status == 200 && queued.readResponse()?.status == 200)
        refused.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(refused.readResponse()?.status == 200)
    }

    @Test func aClientThatPipelinesWithoutReadingIsNotBufferedForever() throws {
        var limits = HTTPLimits()
        limits.maxQueuedOutput = 64 * 1024
        limits.maxReadAhead = 16 * 1024
        let server = try TestServer(limits: limits, loops: 1)
        let client = try server.client()
        // 16 KB answers fill the kernel's socket buffers after a few hundred requests.
        let request = Array(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 64).utf8)
        // 256 MB offered: the server stops reading long before (the kernel's buffers hold the rest).
        let sent = client.sendWithoutReading(request, limit: 256 << 20)
        #expect(sent < 64 << 20)
        let buffered = server.server.bufferedBytes()
        // Each cap, plus what one readiness may read past it (four reads of 64 KB) or one answer
        // over it, and at most as much again of consumed bytes the buffers drop once they dominate.
        #expect(buffered <= 2 * (limits.maxReadAhead + 4 * 64 * 1024) + 2 * (limits.maxQueuedOutput + 16 * 1024 + 4096))
        print("pipelined without reading: \(sent) bytes sent, \(buffered) buffered by the server")
        // Nothing was lost: the answers come in order as the client reads.
        for _ in 0..<100 { #expect(client.readResponse()?.body.count == 16 * 1024) }
    }

    @Test func aClientThatStopsReadingIsClosedAfterTheIdleTimeoutThoughItKeepsSending() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 1
        limits.maxQueuedOutput = 64 * 1024
        let server = try TestServer(limits: limits, loops: 1)
        let client = try server.client()
        let request = Array(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 64).utf8)
        _ = client.sendWithoutReading(request, limit: 256 << 20, stall: 0.3)
        // Trickling more bytes does not count as progress.
        for _ in 0..<10 {
            client.send("\r\n")
            usleep(100_000)
        }
        #expect(waitUntil(seconds: 4) { server.server.openConnections == 0 })
    }

    @Test func aNewConnectionThatTricklesEmptyLinesMeetsTheHeaderDeadline() throws {
        var limits = HTTPLimits()
        limits.headerTimeout = 0.5
        let server = try TestServer(limits: limits, loops: 1)
        let client = try server.client()
        let started = Date()
        #expect(tricklesEmptyLinesUntilClosed(client, server))
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func aKeepAliveConnectionThatTricklesEmptyLinesMeetsTheIdleTimeout() throws {
        var limits = HTTPLimits()
        limits.idleTimeout = 0.7
        let server = try TestServer(limits: limits, loops: 1)
        let client = try server.client()
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        #expect(tricklesEmptyLinesUntilClosed(client, server))
    }

    /// Sends an empty line every 100 ms (which a server may skip before a request line) for
    /// up to 4 s; whether the server closed the connection meanwhile.
    private func tricklesEmptyLinesUntilClosed(_ client: RawClient, _ server: TestServer) -> Bool {
        for _ in 0..<40 {
            client.send("\r\n")
            usleep(100_000)
            if server.server.openConnections == 0 { return true }
        }
        return false
    }

    @Test func chunkExtensionsCannotStretchATinyBodyPastTheLimit() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 64 * 1024
        let server = try TestServer(limits: limits, loops: 1)
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        // 50 one-byte chunks with 4,000-byte extensions: 50 bytes of body in 200 KB of framing.
        client.send(String(repeating: "1;" + String(repeating: "a", count: 4000) + "\r\nX\r\n", count: 50))
        let response = try #require(client.readResponse())
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(response.text.contains("framing"))
    }

    @Test func anEventStreamWhoseClientLeavesIsClosedAtOnce() throws {
        let closed = Counter()
        var router = Router()
        router.add(.get, "/quiet") { _ in
            var response = HTTPResponse(contentType: "text/event-stream", body: "")
            // A stream that writes nothing after its first line: only the loop can tell it ended.
            response.stream = HTTPStream { writer in
                writer.write(": open\n\n")
                writer.onClose { closed.value.add(1, ordering: .relaxed) }
            }
            return response
        }
        let server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 1, handler: router.handle)
        server.start()
        defer { server.stop(); server.waitUntilStopped() }
        var clients = try (0..<20).map { _ in try RawClient(port: server.port) }
        for client in clients { client.send("GET /quiet HTTP/1.1\r\nHost: t\r\n\r\n") }
        for client in clients { #expect(client.readResponse(headRequest: true)?.status == 200) }
        #expect(server.openConnections == 20)
        clients.removeAll()
        #expect(waitUntil(seconds: 1) { closed.value.load(ordering: .relaxed) == 20 && server.openConnections == 0 })
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
