import Testing
@testable import HTTPServer

/// The chunked body decoder on its own: framing counts against a limit, not only the body.
@Suite struct ChunkedDecoderTests {
    @Test func framingPastTheBodyLimitIs413ThoughTheBodyIsTiny() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 1000
        // 40-byte extensions around one-byte chunks: 30 of them are 1,290 bytes of framing.
        let chunk = "1;" + String(repeating: "x", count: 40) + "\r\nA\r\n"
        var decoder = ChunkedDecoder(start: 0)
        #expect(throws: HTTPParseError(.contentTooLarge, "chunked framing (size lines and extensions) exceeds the body limit of 1000 bytes")) {
            _ = try decoder.decode(Array(String(repeating: chunk, count: 30).utf8), limits: limits)
        }
    }

    @Test func framingWithinTheLimitDecodes() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 1000
        let chunk = "1;" + String(repeating: "x", count: 40) + "\r\nA\r\n"
        var decoder = ChunkedDecoder(start: 0)
        #expect(try decoder.decode(Array((String(repeating: chunk, count: 20) + "0\r\n\r\n").utf8), limits: limits))
        #expect(decoder.body == Array(String(repeating: "A", count: 20).utf8))
    }
}
