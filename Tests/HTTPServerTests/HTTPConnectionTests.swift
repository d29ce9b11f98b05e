import Foundation
import Testing
@testable import HTTPServer

/// Connection management over a real socket: keep-alive, close, pipelining, HEAD, routing.
@Suite struct HTTPConnectionTests {
    @Test func keepsConnectionsAliveByDefault() throws {
        let server = try TestServer()
        let client = try server.client()
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200 && response.text == "hello")
            #expect(response.header("Connection") == nil)
        }
    }

    @Test func honoursConnectionClose() throws {
        let server = try TestServer()
        let (response, client) = try server.exchange("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func http10ClosesUnlessKeepAlive() throws {
        let server = try TestServer()
        let (plain, plainClient) = try server.exchange("GET /hello HTTP/1.0\r\n\r\n")
        #expect(plain?.status == 200)
        #expect(plainClient.isClosedByServer())
        let client = try server.client()
        client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(client.readResponse()?.header("Connection") == "keep-alive")
        client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcdeGET /items/3 HTTP/1.1\r\nHost: x\r\n\r\nGET /it")
        #expect(client.readResponse()?.text == "1")
        #expect(client.readResponse()?.text == "abcde")
        #expect(client.readResponse()?.text == "3")
        // The partial fourth request is kept and completed by the next bytes.
        client.send("ems/4 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.text == "4")
    }

    @Test func readsContentLengthAndChunkedBodies() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(client.readResponse()?.text == "hello world")
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-Field: x\r\n\r\n")
        #expect(client.readResponse()?.text == "hello world")
    }

    @Test func headSendsHeadersWithoutBody() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(client.readResponse(headRequest: true))
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "5")
        #expect(response.body.isEmpty)
        // Nothing else arrives: the next response on the connection is intact.
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.text == "hello")
    }

    @Test func routingErrors() throws {
        let server = try TestServer()
        let (notFound, _) = try server.exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(notFound?.status == 404)
        #expect(notFound?.header("Content-Type") == "application/problem+json")
        let (notAllowed, _) = try server.exchange("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(notAllowed?.status == 405)
        #expect(notAllowed?.header("Allow") == "GET, HEAD, OPTIONS")
        let (unknown, _) = try server.exchange("BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(unknown?.status == 501)
        let (trace, _) = try server.exchange("TRACE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(trace?.status == 405)
        let (version, _) = try server.exchange("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n")
        #expect(version?.status == 505)
        let (options, _) = try server.exchange("OPTIONS /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(options?.status == 200 && options?.header("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func emptySegmentsNameNoResource() throws {
        let server = try TestServer()
        let (item, _) = try server.exchange("GET /items/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(item?.status == 200 && item.map { String(decoding: $0.body, as: UTF8.self) } == "a/b")
        // A trailing or doubled slash is not the route without it, and `{id}` never binds "".
        for target in ["/items/", "/items//", "//items/a", "/hello/", "/items/a/"] {
            let (response, _) = try server.exchange("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response?.status == 404, "GET \(target)")
        }
    }

    @Test func everyResponseHasLengthDateAndType() throws {
        let server = try TestServer()
        for raw in ["GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
                    "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
                    "GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n"] {
            let (response, _) = try server.exchange(raw)
            let found = try #require(response, "no response to \(raw)")
            #expect(found.header("Content-Length") != nil, "\(raw)")
            #expect(found.header("Date")?.hasSuffix(" GMT") == true, "\(raw)")
            #expect(found.header("Content-Type") != nil, "\(raw)")
        }
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        client.send("data")
        #expect(client.readResponse()?.text == "data")
    }

    @Test func expectContinueWithTooLargeBodyIsRefusedUnread() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 100
        let server = try TestServer(limits: limits)
        let (response, client) = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
        #expect(response?.status == 413)
        #expect(client.isClosedByServer())
        let (other, _) = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: teapot\r\n\r\nx")
        #expect(other?.status == 417)
    }
}
