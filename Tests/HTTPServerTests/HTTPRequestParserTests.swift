import Testing
@testable import HTTPServer

/// The parser fed raw strings, without sockets.
@Suite struct HTTPRequestParserTests {
    @Test func parsesHeadersAndBody() throws {
        let (requests, error) = HTTPRequestParser.parseAll(Array("POST /v1/margin?mode=cross&x=a%20b HTTP/1.1\r\nHost: h\r\nX-A:  padded \t\r\nContent-Length: 2\r\n\r\n{}".utf8))
        #expect(error == nil)
        let request = try #require(requests.first)
        #expect(request.method == .post && request.path == "/v1/margin" && request.version == .http1_1)
        #expect(request.queryParameters == ["mode": "cross", "x": "a b"])
        #expect(request.headers["x-a"] == "padded")
        #expect(request.body == Array("{}".utf8))
    }

    @Test func bodyIsWaitedForByteByByte() throws {
        let raw = Array("POST /e HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8)
        var parser = HTTPRequestParser()
        var result: HTTPRequest?
        for byte in raw {
            parser.append([byte])
            if case .request(let request) = try parser.next() { result = request }
        }
        #expect(result?.body == Array("abc".utf8))
        #expect(parser.pendingByteCount == 0)
    }

    @Test func skipsLeadingEmptyLinesAndReducesAbsoluteForm() throws {
        let (requests, error) = HTTPRequestParser.parseAll(Array("\r\nGET http://host:80/a/b?q=1 HTTP/1.1\r\nHost: host\r\n\r\n".utf8))
        #expect(error == nil)
        #expect(requests.first?.path == "/a/b" && requests.first?.query == "q=1")
    }

    @Test func identicalRepeatedContentLengthsAreOneLength() {
        let (requests, error) = HTTPRequestParser.parseAll(Array("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab".utf8))
        #expect(error == nil && requests.first?.body == Array("ab".utf8))
    }

    @Test func chunkSizeRules() throws {
        #expect(try ChunkedDecoder.parseSizeLine(ArraySlice("1aF".utf8)) == 0x1AF)
        #expect(try ChunkedDecoder.parseSizeLine(ArraySlice("5 ; name=\"v\"".utf8)) == 5)
        for bad in ["", "-1", "+1", "0x5", " 5", "5 ", "g", "00000000000000001"] {
            #expect(throws: HTTPParseError.self, "\(bad)") { try ChunkedDecoder.parseSizeLine(ArraySlice(bad.utf8)) }
        }
    }
}
