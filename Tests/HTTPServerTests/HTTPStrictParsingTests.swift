import Testing
@testable import HTTPServer

/// Each malformed request gets 400 (or its own status) with Connection: close, over a real socket.
@Suite struct HTTPStrictParsingTests {
    static let badRequests: [(String, String)] = [
        ("both framings", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("different lengths", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
        ("length list", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabcd"),
        ("signed length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc"),
        ("negative length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\nabc"),
        ("hex length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc"),
        ("empty length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n"),
        ("overflowing length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
        ("bad chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        ("signed chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n"),
        ("0x chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n"),
        ("spaced chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n 3\r\nabc\r\n0\r\n\r\n"),
        ("overflowing chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000003\r\nabc\r\n0\r\n\r\n"),
        ("chunk size past Int", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"),
        ("chunk without CRLF", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n"),
        ("bare LF", "GET /hello HTTP/1.1\nHost: x\n\n"),
        ("bare LF in a field", "GET /hello HTTP/1.1\r\nHost: x\nX: y\r\n\r\n"),
        ("bare CR", "GET /hello HTTP/1.1\r\nHost: x\rX: y\r\n\r\n"),
        ("space before colon", "GET /hello HTTP/1.1\r\nHost : x\r\n\r\n"),
        ("obs-fold", "GET /hello HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n b\r\n\r\n"),
        ("NUL in value", "GET /hello HTTP/1.1\r\nHost: x\r\nX: a\u{0}b\r\n\r\n"),
        ("control in value", "GET /hello HTTP/1.1\r\nHost: x\r\nX: a\u{1}b\r\n\r\n"),
        ("name not a token", "GET /hello HTTP/1.1\r\nHost: x\r\nX(y): z\r\n\r\n"),
        ("empty name", "GET /hello HTTP/1.1\r\nHost: x\r\n: z\r\n\r\n"),
        ("missing Host", "GET /hello HTTP/1.1\r\n\r\n"),
        ("repeated Host", "GET /hello HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"),
        ("two Authorization fields", "GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n"),
        ("a chunk extension past a few KB", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 5000) + "\r\nX\r\n0\r\n\r\n"),
        ("lower-case version", "GET /hello http/1.1\r\nHost: x\r\n\r\n"),
        ("double space", "GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("trailing space", "GET /hello HTTP/1.1 \r\nHost: x\r\n\r\n"),
        ("garbage version", "GET /hello HTTQ/1.1\r\nHost: x\r\n\r\n"),
        ("relative target", "GET hello HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("transfer-encoding in 1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("chunked not last", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
    ]

    @Test(arguments: badRequests)
    func malformedRequestGets400AndClose(_ name: String, _ raw: String) throws {
        let server = try TestServer(loops: 1)
        let (response, client) = try server.exchange(raw)
        let found = try #require(response, "no response for \(name)")
        #expect(found.status == 400, "\(name): \(found.status) \(found.text)")
        #expect(found.header("Connection") == "close", "\(name)")
        #expect(found.header("Content-Type") == "application/problem+json", "\(name)")
        #expect(client.isClosedByServer(), "\(name)")
    }

    @Test func unsupportedTransferCodingIs501() throws {
        let server = try TestServer(loops: 1)
        let (response, _) = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
        #expect(response?.status == 501)
    }
}
