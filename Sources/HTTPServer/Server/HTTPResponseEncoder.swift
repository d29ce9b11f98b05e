/// Serializes a response into one buffer, so it goes out in a single write.
///
/// Content-Length, Date and Connection are always the encoder's; Content-Type
/// defaults to text/plain when the handler set none.
struct HTTPResponseEncoder {
    private var date = HTTPDate()

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The head of a streamed response: chunked on HTTP/1.1, close-delimited on 1.0; the
    /// connection closes when the stream ends.
    mutating func encodeStreamHead(_ response: HTTPResponse, version: HTTPVersion, into output: inout [UInt8]) {
        output.append(contentsOf: "HTTP/1.1 \(response.status.rawValue) \(response.status.reasonPhrase)\r\n".utf8)
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            if lowered == "content-length" || lowered == "date" || lowered == "connection" || lowered == "transfer-encoding" { continue }
            output.append(contentsOf: "\(name): \(value)\r\n".utf8)
        }
        if version == .http1_1 { output.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8) }
        output.append(contentsOf: "Date: ".utf8)
        output.append(contentsOf: date.now())
        output.append(contentsOf: "\r\nConnection: close\r\n\r\n".utf8)
    }

    mutating func encode(_ response: HTTPResponse, version: HTTPVersion, headOnly: Bool, close: Bool, keepAliveHint: Bool,
                         into output: inout [UInt8]) {
        let sendsBody = !headOnly && !response.status.forbidsBody
        output.reserveCapacity(output.count + 256 + (sendsBody ? response.body.count : 0))
        output.append(contentsOf: "HTTP/1.1 \(response.status.rawValue) \(response.status.reasonPhrase)\r\n".utf8)
        var hasContentType = false
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            if lowered == "content-length" || lowered == "date" || lowered == "connection" || lowered == "transfer-encoding" { continue }
            if lowered == "content-type" { hasContentType = true }
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: value.utf8)
            output.append(contentsOf: "\r\n".utf8)
        }
        if !hasContentType {
            output.append(contentsOf: "Content-Type: text/plain; charset=utf-8\r\n".utf8)
        }
        output.append(contentsOf: "Content-Length: \(response.body.count)\r\nDate: ".utf8)
        output.append(contentsOf: date.now())
        if close {
            output.append(contentsOf: "\r\nConnection: close\r\n\r\n".utf8)
        } else if keepAliveHint {
            output.append(contentsOf: "\r\nConnection: keep-alive\r\n\r\n".utf8)
        } else {
            output.append(contentsOf: "\r\n\r\n".utf8)
        }
        if sendsBody { output.append(contentsOf: response.body) }
    }
}
