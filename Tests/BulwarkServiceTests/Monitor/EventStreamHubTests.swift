import BulwarkJSON
import Foundation
import HTTPServer
import TestSupport
import Testing
@testable import BulwarkService

/// Server-Sent Events over a real socket, from an in-process server with prices set by the test.
@Suite struct EventStreamHubTests {
    @Test func theStreamReplaysFromLastEventIDThenFollowsLiveWithHeartbeats() throws {
        let harness = try MonitorHarness(heartbeatSeconds: 0.2)
        let server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 1, handler: harness.router.handle)
        server.start()
        defer { server.stop(); server.waitUntilStopped() }
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        harness.move("BTC", to: 59_000)  // healthy -> warning
        let firstID = try #require(harness.events().first?["id"]?.double)

        let client = try BlockingHTTPClient(port: server.port)
        #expect(client.sendRaw("GET /v1/events/stream HTTP/1.1\r\nHost: t\r\nLast-Event-ID: \(Int(firstID))\r\n\r\n"))
        #expect(client.read(until: "\"to\":\"warning\""))
        let replay = client.received
        #expect(replay.contains("Content-Type: text/event-stream"))
        #expect(replay.contains("retry: 3000\n"))
        #expect(replay.contains("event: account.status\n"))
        #expect(replay.contains("id: \(Int(firstID) + 1)\n"))
        // The first event (before Last-Event-ID) is not sent again.
        #expect(!replay.contains("id: \(Int(firstID))\n"))
        // Live: the next transition arrives on the open stream.
        harness.move("BTC", to: 58_000)
        #expect(client.read(until: "\"to\":\"liquidatable\""))
        // Idle: comment heartbeats.
        #expect(client.read(until: ": heartbeat\n\n"))
    }

    @Test func streamsTheirClientsClosedFreeTheirSlotsAtOnceAndHoldNoThread() throws {
        raiseOpenFileLimit()
        let harness = try MonitorHarness(heartbeatSeconds: 15)
        let server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 2, handler: harness.router.handle)
        server.start()
        defer { server.stop(); server.waitUntilStopped() }
        func openStreams() throws -> [BlockingHTTPClient] {
            let clients = try (0..<EventStreamHub.maxStreams).map { _ in try BlockingHTTPClient(port: server.port) }
            for client in clients { #expect(client.sendRaw("GET /v1/events/stream HTTP/1.1\r\nHost: t\r\n\r\n")) }
            for client in clients { #expect(client.read(until: "retry: 3000\n\n")) }
            return clients
        }
        let threadsBefore = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
        var first: [BlockingHTTPClient]? = try openStreams()
        #expect(harness.api.streamHub!.openStreams == EventStreamHub.maxStreams)
        // Every stream served by the loops and one hub thread, not a thread each: a thread per
        // stream would add 256. Tests running beside this one start servers of their own (about
        // twenty threads each), so the bound leaves room for a few of those, not for 256.
        let threadsDuring = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
        #expect(threadsDuring - threadsBefore < EventStreamHub.maxStreams / 2, "\(threadsBefore) threads before, \(threadsDuring) with 256 streams")
        // Full: one more is refused.
        let extra = try BlockingHTTPClient(port: server.port)
        #expect(extra.request("GET", "/v1/events/stream")?.status == 503)
        first = nil  // the clients close their sockets
        #expect(waitUntil(seconds: 1) { harness.api.streamHub!.openStreams == 0 })
        #expect(first == nil)
        // 256 new streams are all accepted, well before any heartbeat.
        let second = try openStreams()
        #expect(second.count == EventStreamHub.maxStreams)
        #expect(harness.api.streamHub!.openStreams == EventStreamHub.maxStreams)
    }

    @Test func aBadLastEventIDIsAProblem() throws {
        let harness = try MonitorHarness()
        let (response, problem) = harness.call(.get, "/v1/events/stream", headers: [("Last-Event-ID", "abc")])
        #expect(response.status == .unprocessableContent)
        #expect(problem?.problemErrors["Last-Event-ID"] != nil)
        #expect(harness.call(.get, "/v1/events?since=-1").0.status == .unprocessableContent)
    }

    @Test func headRequestsTakeNoStreamSlot() throws {
        let harness = try MonitorHarness()
        for _ in 0..<(EventStreamHub.maxStreams + 5) {
            let (response, _) = harness.call(.head, "/v1/events/stream")
            #expect(response.status == .ok && response.stream == nil)
        }
        #expect(harness.api.streamHub!.openStreams == 0)
    }
}

@Suite struct EventRetentionTests {
    @Test func eventsPastTheRetentionAreDroppedAndStreamsResumeFromTheOldestKept() throws {
        let harness = try MonitorHarness()
        let old = try harness.store.write { try $0.events.append([MonitorEvent(type: "liquidations.paused", time: 1_000, payload: JSONObject(pairs: ["asset": .string("BTC")]))]) }
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)  // an event at the API's clock, 2026
        #expect(harness.events().count == 2)
        #expect(try harness.store.write { try $0.events.prune(before: 2_000) } == 1)
        let kept = harness.events()
        #expect(kept.count == 1 && kept[0]["type"] == .string("account.status"))
        // Asking from the dropped id gives what is kept.
        #expect(harness.events(since: old[0].id).count == 1)
    }
}
