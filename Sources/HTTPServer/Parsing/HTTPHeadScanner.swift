/// Finds the end of a request head as bytes arrive, without rescanning: checks on the
/// way that every line ends in CR LF (no bare CR, no bare LF) and that the request line
/// and header section stay within their limits.
struct HTTPHeadScanner {
    private var position: Int
    private var lineStart: Int
    private var requestLineEnd: Int?
    private let start: Int

    init(start: Int) {
        self.start = start
        self.position = start
        self.lineStart = start
    }

    /// Whether any byte of this head has arrived (an idle connection has none).
    func hasStarted(bufferCount: Int) -> Bool { bufferCount > start }

    /// Scans the new bytes; returns the index just past the empty line when the head is complete.
    mutating func scan(_ buffer: [UInt8], limits: HTTPLimits) throws(HTTPParseError) -> Int? {
        let count = buffer.count
        while position < count {
            let byte = buffer[position]
            if byte == ASCII.cr {
                guard position + 1 < count else { break }
                guard buffer[position + 1] == ASCII.lf else { throw .bad("bare CR in request head") }
                let lineLength = position - lineStart
                if requestLineEnd == nil {
                    requestLineEnd = position
                    if lineLength > limits.maxRequestLineLength {
                        throw HTTPParseError(.uriTooLong, "request line longer than \(limits.maxRequestLineLength) bytes")
                    }
                } else if lineLength == 0 {
                    return position + 2
                }
                position += 2
                lineStart = position
                continue
            }
            if byte == ASCII.lf { throw .bad("bare LF in request head; lines end with CR LF") }
            position += 1
            if requestLineEnd == nil && position - start > limits.maxRequestLineLength {
                throw HTTPParseError(.uriTooLong, "request line longer than \(limits.maxRequestLineLength) bytes")
            }
            if position - start > limits.maxHeaderBytes {
                throw HTTPParseError(.requestHeaderFieldsTooLarge, "header section larger than \(limits.maxHeaderBytes) bytes")
            }
        }
        return nil
    }
}
