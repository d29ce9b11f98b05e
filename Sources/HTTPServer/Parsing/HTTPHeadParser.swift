/// Parses a complete request head (request line and header fields, through the empty line),
/// strictly: each rule here has been the root of request smuggling in some server.
public enum HTTPHeadParser {
    /// - Parameter head: the bytes of the head, CRLF line endings already checked by `HTTPHeadScanner`,
    ///   ending with the empty line.
    public static func parse(_ head: ArraySlice<UInt8>, limits: HTTPLimits) throws(HTTPParseError) -> HTTPRequestHead {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == ASCII.cr {
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        // The last line is the empty one that ends the head.
        guard let requestLine = lines.first, lines.last?.isEmpty == true else { throw .bad("incomplete request head") }
        let (method, target, version) = try parseRequestLine(requestLine)
        let fieldLines = lines.dropFirst().dropLast()
        if fieldLines.count > limits.maxHeaderCount {
            throw HTTPParseError(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields")
        }
        var headers = HTTPHeaders()
        for line in fieldLines {
            let (name, value) = try parseField(line)
            headers.add(name, value)
        }
        if version == .http1_1 {
            let hosts = headers.values("Host").count
            if hosts == 0 { throw .bad("HTTP/1.1 request without Host") }
            if hosts > 1 { throw .bad("more than one Host field") }
        }
        // Two credentials leave it to each reader which one counts.
        if headers.values("Authorization").count > 1 { throw .bad("more than one Authorization field") }
        let framing = try framing(headers: headers, version: version, limits: limits)
        var expectsContinue = false
        if let expect = headers["Expect"] {
            guard expect.lowercased() == "100-continue" else {
                throw HTTPParseError(.expectationFailed, "only 'Expect: 100-continue' is supported")
            }
            expectsContinue = version == .http1_1
        }
        return HTTPRequestHead(method: method, target: target, version: version, headers: headers, framing: framing,
                               expectsContinue: expectsContinue)
    }

    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        let parts = line.split(separator: ASCII.space, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .bad("request line must be 'METHOD target HTTP-version' with single spaces") }
        let methodBytes = parts[0]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ASCII.isTokenCharacter) else { throw .bad("method is not a token") }
        let targetBytes = parts[1]
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .bad("request target is empty or has spaces or control characters")
        }
        let target = String(decoding: targetBytes, as: UTF8.self)
        let versionText = String(decoding: parts[2], as: UTF8.self)
        let version: HTTPVersion
        switch versionText {
        case "HTTP/1.1": version = .http1_1
        case "HTTP/1.0": version = .http1_0
        default:
            if isWellFormedVersion(parts[2]) {
                throw HTTPParseError(.httpVersionNotSupported, "\(versionText) is not supported; use HTTP/1.1")
            }
            throw .bad("malformed HTTP version")
        }
        let method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        guard target.hasPrefix("/") || (target == "*" && method == .options) || target.hasPrefix("http://") || target.hasPrefix("https://") else {
            throw .bad("request target must be an absolute path")
        }
        return (method, normalizeTarget(target), version)
    }

    /// `HTTP/` DIGIT `.` DIGIT, or `HTTP/` DIGIT (HTTP/2, HTTP/3 prefaces).
    static func isWellFormedVersion(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = Array(bytes)
        guard text.count >= 6, text.starts(with: Array("HTTP/".utf8)) else { return false }
        let rest = text[5...]
        if rest.count == 1 { return ASCII.isDigit(rest.first!) }
        return rest.count == 3 && ASCII.isDigit(rest[rest.startIndex]) && rest[rest.startIndex + 1] == UInt8(ascii: ".")
            && ASCII.isDigit(rest[rest.startIndex + 2])
    }

    /// Absolute-form targets (`http://host/path`) are reduced to their path.
    static func normalizeTarget(_ target: String) -> String {
        guard !target.hasPrefix("/") else { return target }
        let afterScheme = target.hasPrefix("https://") ? target.dropFirst(8) : target.dropFirst(7)
        guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let rest = String(afterScheme[slash...])
        return rest.hasPrefix("?") ? "/" + rest : rest
    }

    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (String, String) {
        guard let first = line.first else { throw .bad("empty header line") }
        if first == ASCII.space || first == ASCII.tab { throw .bad("obsolete line folding is not accepted") }
        guard let colon = line.firstIndex(of: ASCII.colon) else { throw .bad("header field without ':'") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty else { throw .bad("empty header field name") }
        guard name.allSatisfy(ASCII.isTokenCharacter) else {
            if let last = name.last, last == ASCII.space || last == ASCII.tab {
                throw .bad("whitespace between header field name and ':'")
            }
            throw .bad("header field name is not a token")
        }
        var value = line[(colon + 1)...]
        while let c = value.first, c == ASCII.space || c == ASCII.tab { value = value.dropFirst() }
        while let c = value.last, c == ASCII.space || c == ASCII.tab { value = value.dropLast() }
        for byte in value where (byte < 0x20 && byte != ASCII.tab) || byte == 0x7F {
            throw .bad(byte == 0 ? "NUL in header field value" : "control character in header field value")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    static func framing(headers: HTTPHeaders, version: HTTPVersion, limits: HTTPLimits) throws(HTTPParseError) -> BodyFraming {
        let transferEncodings = headers.values("Transfer-Encoding")
        let contentLengths = headers.values("Content-Length")
        if !transferEncodings.isEmpty {
            if version == .http1_0 { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            if !contentLengths.isEmpty { throw .bad("both Transfer-Encoding and Content-Length") }
            let codings = headers.tokens("Transfer-Encoding")
            guard codings.last == "chunked" else { throw .bad("Transfer-Encoding must end with chunked") }
            guard codings.count == 1 else {
                throw HTTPParseError(.notImplemented, "transfer codings other than chunked are not supported")
            }
            return .chunked
        }
        guard !contentLengths.isEmpty else { return .none }
        var length: Int?
        for field in contentLengths {
            for element in field.split(separator: ",", omittingEmptySubsequences: false) {
                let text = element.trimmingOWS()
                guard let value = parseDecimal(text) else { throw .bad("Content-Length is not a plain decimal number") }
                if let length, length != value { throw .bad("different Content-Length values") }
                length = value
            }
        }
        guard let length else { throw .bad("empty Content-Length") }
        if length > limits.maxBodyBytes {
            throw HTTPParseError(.contentTooLarge, "body of \(length) bytes exceeds the limit of \(limits.maxBodyBytes)")
        }
        return length == 0 ? .none : .contentLength(length)
    }

    /// 1 to 18 ASCII digits: no sign, no space, no overflow.
    static func parseDecimal(_ text: Substring) -> Int? {
        let bytes = text.utf8
        guard (1...18).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard ASCII.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - ASCII.zero)
        }
        return value
    }
}
