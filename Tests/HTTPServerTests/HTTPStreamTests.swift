import Foundation
import Glibc
import Testing
@testable import HTTPServer

@Suite struct HTTPStreamTests {
    @Test func aStreamIsSentChunkedAndEndsWithTheLastChunk() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
        let text = String(decoding: client.readUntilClosed(), as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0]
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.contains("Transfer-Encoding: chunked"))
        #expect(head.contains("Content-Type: text/event-stream"))
        #expect(head.contains("Connection: close"))
        #expect(!head.lowercased().contains("content-length"))
        #expect(text.hasSuffix("\r\n\r\n1\r\na\r\n2\r\nbb\r\n3\r\nccc\r\n0\r\n\r\n"))
    }

    @Test func anHTTP10StreamIsDelimitedByClose() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET /stream HTTP/1.0\r\n\r\n")
        let text = String(decoding: client.readUntilClosed(), as: UTF8.self)
        #expect(!text.contains("Transfer-Encoding"))
        #expect(text.hasSuffix("\r\n\r\nabbccc"))
    }

    @Test func otherClientsAreServedWhileStreamsRunAndStreamsEndWhenTheServerStops() throws {
        var server: TestServer? = try TestServer()
        let port = server!.port
        let streams = try (0..<4).map { _ in try RawClient(port: port) }
        for stream in streams { stream.send("GET /endless HTTP/1.1\r\nHost: t\r\n\r\n") }
        usleep(100_000)
        let (response, _) = try server!.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(response?.status == 200)
        #expect(server!.server.openConnections >= 4)
        server = nil // stops the server: the streams see it and end
        for stream in streams {
            stream.setTimeout(3)
            let text = String(decoding: stream.readUntilClosed(), as: UTF8.self)
            #expect(text.hasSuffix("0\r\n\r\n"))
        }
    }
}
