/// Decodes a chunked request body (RFC 9112 §7.1) incrementally from a growing buffer.
///
/// Chunk sizes are 1 to 16 hex digits and nothing else (no sign, no `0x`, no spaces
/// before the extension); every line ends in CR LF; trailer fields are checked and dropped.
public struct ChunkedDecoder: Sendable {
    enum State: Sendable {
        case sizeLine
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    static let maxSizeLineLength = 4096

    private var state = State.sizeLine
    private var trailerBytes = 0
    private let start: Int
    public private(set) var position: Int
    public private(set) var body: [UInt8] = []

    public init(start: Int) {
        self.start = start
        self.position = start
    }

    /// Size lines, extensions, CR LFs and trailers consumed so far: bytes a client could
    /// send forever around a tiny body, so they count against a limit of their own.
    private var framingBytes: Int { position - start - body.count }

    public var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes what it can; returns true when the last chunk and trailers are in.
    public mutating func decode(_ buffer: [UInt8], limits: HTTPLimits) throws(HTTPParseError) -> Bool {
        while true {
            switch state {
            case .done:
                return true
            case .sizeLine:
                guard let lineEnd = try findLineEnd(buffer, limit: ChunkedDecoder.maxSizeLineLength) else { return false }
                let size = try ChunkedDecoder.parseSizeLine(buffer[position..<lineEnd])
                position = lineEnd + 2
                try checkFraming(limits)
                if size == 0 {
                    state = .trailer
                } else {
                    if size > limits.maxBodyBytes - body.count {
                        throw HTTPParseError(.contentTooLarge, "chunked body exceeds the limit of \(limits.maxBodyBytes) bytes")
                    }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let available = min(remaining, buffer.count - position)
                guard available > 0 else { return false }
                body.append(contentsOf: buffer[position..<position + available])
                position += available
                state = available == remaining ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                guard buffer.count - position >= 2 else { return false }
                guard buffer[position] == ASCII.cr, buffer[position + 1] == ASCII.lf else {
                    throw .bad("chunk data not followed by CR LF")
                }
                position += 2
                state = .sizeLine
            case .trailer:
                guard let lineEnd = try findLineEnd(buffer, limit: limits.maxHeaderBytes) else { return false }
                let line = buffer[position..<lineEnd]
                trailerBytes += line.count + 2
                if trailerBytes > limits.maxHeaderBytes {
                    throw HTTPParseError(.requestHeaderFieldsTooLarge, "trailer section larger than \(limits.maxHeaderBytes) bytes")
                }
                position = lineEnd + 2
                try checkFraming(limits)
                if line.isEmpty {
                    state = .done
                } else {
                    _ = try HTTPHeadParser.parseField(line)
                }
            }
        }
    }

    private func checkFraming(_ limits: HTTPLimits) throws(HTTPParseError) {
        if framingBytes > limits.maxBodyBytes {
            throw HTTPParseError(.contentTooLarge, "chunked framing (size lines and extensions) exceeds the body limit of \(limits.maxBodyBytes) bytes")
        }
    }

    /// The index of the CR of the next CR LF from `position`, or nil when more bytes are needed.
    private func findLineEnd(_ buffer: [UInt8], limit: Int) throws(HTTPParseError) -> Int? {
        var index = position
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.lf { throw .bad("bare LF in chunked framing") }
            if byte == ASCII.cr {
                guard index + 1 < buffer.count else { return nil }
                guard buffer[index + 1] == ASCII.lf else { throw .bad("bare CR in chunked framing") }
                return index
            }
            index += 1
            if index - position > limit { throw .bad("chunk line too long") }
        }
        return nil
    }

    /// chunk-size [ chunk-ext ]: hex digits, then optionally `;` and extensions, which are checked and ignored.
    static func parseSizeLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size: UInt64 = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = ASCII.hexValue(line[index]) {
            digits += 1
            if digits > 16 { throw .bad("chunk size has more than 16 hex digits") }
            size = size << 4 | UInt64(value)
            index += 1
        }
        guard digits > 0 else { throw .bad("chunk size is not a hex number") }
        guard size <= UInt64(Int.max) else { throw .bad("chunk size overflows") }
        var rest = line[index...]
        // BWS before ';' is allowed by the grammar; anything else after the digits is not.
        while let c = rest.first, c == ASCII.space || c == ASCII.tab { rest = rest.dropFirst() }
        if rest.isEmpty {
            guard index == line.endIndex else { throw .bad("chunk size followed by whitespace") }
            return Int(size)
        }
        guard rest.first == ASCII.semicolon else { throw .bad("chunk size is not a plain hex number") }
        for byte in rest where (byte < 0x20 && byte != ASCII.tab) || byte == 0x7F {
            throw .bad("control character in chunk extension")
        }
        return Int(size)
    }
}
