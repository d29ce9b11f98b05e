/// Turns a connection's byte stream into requests, one at a time, keeping any bytes
/// past one request for the next (pipelining).
public struct HTTPRequestParser: Sendable {
    public enum Step: Sendable {
        /// More bytes are needed.
        case needMore
        /// The head asked for `100 Continue` and its body hasn't started: answer it, then read on.
        case sendContinue
        case request(HTTPRequest)
    }

    enum State: Sendable {
        case head(HTTPHeadScanner)
        case body(HTTPRequestHead, bodyStart: Int, length: Int)
        case chunked(HTTPRequestHead, ChunkedDecoder)
    }

    public let limits: HTTPLimits
    private(set) var buffer: [UInt8] = []
    private var start = 0
    private var state: State
    private var continueSent = false

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
        self.state = .head(HTTPHeadScanner(start: 0))
    }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet consumed by a complete request.
    public var pendingByteCount: Int { buffer.count - start }

    /// Bytes held for this connection: received ones and a chunked body decoded so far.
    public var bufferedByteCount: Int {
        if case .chunked(_, let decoder) = state { return buffer.count + decoder.body.count }
        return buffer.count
    }

    /// Whether part of a request has arrived (for the header and body deadlines).
    public var isInsideRequest: Bool {
        switch state {
        case .head: return pendingByteCount > 0
        case .body, .chunked: return true
        }
    }

    /// Whether the head is in and the body is being read.
    public var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    /// The next complete request, or what the connection must do first.
    public mutating func next() throws(HTTPParseError) -> Step {
        switch state {
        case .head(var scanner):
            // A client may send empty lines before a request line (RFC 9112 §2.2).
            while buffer.count - start >= 2, buffer[start] == ASCII.cr, buffer[start + 1] == ASCII.lf {
                start += 2
                scanner = HTTPHeadScanner(start: start)
            }
            guard let headEnd = try scanner.scan(buffer, limits: limits) else {
                state = .head(scanner)
                return .needMore
            }
            let head = try HTTPHeadParser.parse(buffer[start..<headEnd], limits: limits)
            continueSent = false
            switch head.framing {
            case .none:
                return .request(finish(head, body: [], end: headEnd))
            case .contentLength(let length):
                state = .body(head, bodyStart: headEnd, length: length)
            case .chunked:
                state = .chunked(head, ChunkedDecoder(start: headEnd))
            }
            return try next()
        case .body(let head, let bodyStart, let length):
            if buffer.count - bodyStart >= length {
                return .request(finish(head, body: Array(buffer[bodyStart..<bodyStart + length]), end: bodyStart + length))
            }
            return continueStep(head, bodyStarted: buffer.count > bodyStart)
        case .chunked(let head, var decoder):
            let started = buffer.count > decoder.position
            if try decoder.decode(buffer, limits: limits) {
                return .request(finish(head, body: decoder.body, end: decoder.position))
            }
            state = .chunked(head, decoder)
            return continueStep(head, bodyStarted: started)
        }
    }

    private mutating func continueStep(_ head: HTTPRequestHead, bodyStarted: Bool) -> Step {
        if head.expectsContinue && !continueSent && !bodyStarted {
            continueSent = true
            return .sendContinue
        }
        return .needMore
    }

    private mutating func finish(_ head: HTTPRequestHead, body: [UInt8], end: Int) -> HTTPRequest {
        start = end
        // Drop consumed bytes once they dominate the buffer, keeping pipelined ones.
        if start > 4096 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        } else if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        state = .head(HTTPHeadScanner(start: start))
        return HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers, body: body)
    }
}

extension HTTPRequestParser {
    /// Parses every complete request in `bytes` (for tests and the fuzzer): the requests,
    /// and the error that stopped parsing, if any.
    public static func parseAll(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> (requests: [HTTPRequest], error: HTTPParseError?) {
        var parser = HTTPRequestParser(limits: limits)
        parser.append(bytes)
        var requests: [HTTPRequest] = []
        do {
            while true {
                switch try parser.next() {
                case .needMore: return (requests, nil)
                case .sendContinue: continue
                case .request(let request): requests.append(request)
                }
            }
        } catch {
            return (requests, error)
        }
    }
}
