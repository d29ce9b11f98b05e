import Foundation

/// A strict RFC 8259 parser with positions in its errors: no comments, no trailing
/// commas, no NaN, no duplicate keys (an ambiguous document is refused, not guessed at),
/// nesting at most 64 deep. It builds a `JSONDocument` (one flat array of nodes over the
/// bytes); `parse` turns that into a `JSONValue` tree for the callers that want one.
public struct JSONParser {
    public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String

        public var description: String { "\(reason) at byte \(offset)" }
    }

    public static let maxDepth = 64

    /// The document's own copy of the bytes, which the parser reads without bounds checks
    /// (every read is behind an explicit `index < bytes.count`).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var nodes: JSONNodeBuffer
    /// Strings with escapes, decoded: their nodes point here rather than into `bytes`.
    private var unescaped: [UInt8] = []

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        try document(bytes).read(\.jsonValue)
    }

    public static func document(_ bytes: [UInt8]) throws(SyntaxError) -> JSONDocument {
        guard bytes.count < Int(Int32.max) else { throw SyntaxError(offset: 0, reason: "document too large") }
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = copy.initialize(fromContentsOf: bytes)
        // About one node per 9 bytes of a request with many positions.
        var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: copy[..<bytes.count]), nodes: bytes.count / 8 + 4)
        do throws(SyntaxError) {
            parser.skipWhitespace()
            try parser.parseValue()
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw parser.error("unexpected data after the JSON value") }
        } catch {
            copy.deallocate()
            parser.nodes.deallocate()
            throw error
        }
        return JSONDocument(bytes: parser.bytes, unescaped: parser.unescaped, nodes: parser.nodes.buffer)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, nodes capacity: Int) {
        self.bytes = bytes
        nodes = JSONNodeBuffer(capacity: capacity)
    }

    private func error(_ reason: String) -> SyntaxError { SyntaxError(offset: index, reason: reason) }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func parseValue() throws(SyntaxError) {
        guard index < bytes.count else { throw error("unexpected end of JSON") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try expectLiteral("true"); append(.true)
        case UInt8(ascii: "f"): try expectLiteral("false"); append(.false)
        case UInt8(ascii: "n"): try expectLiteral("null"); append(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let number = try parseNumber()
            append(.number, number: number)
        default: throw error("unexpected character")
        }
    }

    private mutating func append(_ kind: JSONDocument.Kind, number: Double = 0, start: Int = 0, end: Int = 0, unescaped: Bool = false) {
        nodes.append(JSONDocument.Node(kind: kind, unescaped: unescaped, start: Int32(start), end: Int32(end),
                                       next: Int32(nodes.count + 1), count: 0, number: number))
    }

    /// Closes the container opened at `node`: its member or element count, and where it ends.
    private mutating func close(_ node: Int, count: Int) {
        nodes[node].count = Int32(count)
        nodes[node].next = Int32(nodes.count)
        depth -= 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of JSON") }
        let matches = literal.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
        }
        guard matches else { throw error("invalid literal") }
        index += count
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
    }

    private mutating func parseObject() throws(SyntaxError) {
        try enter()
        index += 1
        let node = nodes.count
        append(.object)
        // Duplicates are found by a scan of the keys so far while the object is small (nothing
        // allocated), and by a set past that.
        var members = 0
        var seen: Set<[UInt8]> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            close(node, count: 0)
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let keyOffset = index
            let key = nodes.count
            try parseString()
            let duplicate: Bool
            if members < 16 {
                duplicate = hasKey(key, among: members, of: node)
            } else {
                if seen.isEmpty { seen = Set(keys(of: node, members).map(stringBytes)) }
                duplicate = !seen.insert(stringBytes(key)).inserted
            }
            guard !duplicate else {
                throw SyntaxError(offset: keyOffset, reason: "duplicate member name '\(String(decoding: stringBytes(key), as: UTF8.self))'")
            }
            members += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            index += 1
            close(node, count: members)
            return
        }
    }

    /// The key nodes of the first `count` members of the object at `node`.
    private func keys(of node: Int, _ count: Int) -> [Int] {
        var keys: [Int] = []
        var key = node + 1
        for _ in 0..<count {
            keys.append(key)
            key = Int(nodes[key + 1].next)
        }
        return keys
    }

    /// Whether one of the first `count` members of the object at `node` is named as `key` is.
    private func hasKey(_ key: Int, among count: Int, of node: Int) -> Bool {
        var other = node + 1
        for _ in 0..<count {
            if sameString(other, key) { return true }
            other = Int(nodes[other + 1].next)
        }
        return false
    }

    /// A string node's bytes, unescaped.
    private func stringBytes(_ node: Int) -> [UInt8] {
        let string = nodes[node]
        let range = Int(string.start)..<Int(string.end)
        return string.unescaped ? Array(unescaped[range]) : Array(bytes[range])
    }

    private func sameString(_ a: Int, _ b: Int) -> Bool {
        let first = nodes[a], second = nodes[b]
        guard first.end - first.start == second.end - second.start else { return false }
        return unescaped.withUnsafeBufferPointer { decoded in
            let firstBytes = first.unescaped ? decoded : bytes, secondBytes = second.unescaped ? decoded : bytes
            var i = Int(first.start), j = Int(second.start)
            while i < Int(first.end) {
                if firstBytes[i] != secondBytes[j] { return false }
                i += 1
                j += 1
            }
            return true
        }
    }

    private mutating func parseArray() throws(SyntaxError) {
        try enter()
        index += 1
        let node = nodes.count
        append(.array)
        var count = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            close(node, count: 0)
            return
        }
        while true {
            skipWhitespace()
            try parseValue()
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            index += 1
            close(node, count: count)
            return
        }
    }

    /// Appends a string node: its bytes in the document where it has no escapes, decoded into
    /// `unescaped` where it has. Either way validated as UTF-8 (refused, never repaired).
    private mutating func parseString() throws(SyntaxError) {
        index += 1
        let start = index
        // Fast path: no escapes. The scan keeps its position in a local (not in `self`) and
        // ORs the bytes together: the string is ASCII when no byte has the high bit.
        var end = index
        var bits: UInt8 = 0
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                index = end + 1
                // From contiguous bytes, not a generic slice: ASCII needs no validation.
                let valid = bits < 0x80 || String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) != nil
                guard valid else { throw error("string is not valid UTF-8") }
                append(.string, start: start, end: end)
                return
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            bits |= byte
            end += 1
        }
        index = end
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard String(validating: scalars, as: UTF8.self) != nil else { throw error("string is not valid UTF-8") }
                append(.string, start: unescaped.count, end: unescaped.count + scalars.count, unescaped: true)
                unescaped += scalars
                return
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                scalars.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw error("unpaired surrogate")
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape")
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, (48...57).contains(bytes[index]) else { throw error("invalid number") }
        // The digits as an integer while they fit in 53 bits, for the fast path below.
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        if bytes[index] == 48 {
            index += 1
        } else {
            while index < bytes.count, (48...57).contains(bytes[index]) {
                significand = significand &* 10 &+ UInt64(bytes[index] - 48)
                digits += 1
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, (48...57).contains(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count, (48...57).contains(bytes[index]) {
                significand = significand &* 10 &+ UInt64(bytes[index] - 48)
                if significand != 0 { digits += 1 }
                fractionDigits += 1
                index += 1
            }
        }
        var hasExponent = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, (48...57).contains(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
        guard index - start <= 512 else { throw SyntaxError(offset: start, reason: "number too long") }
        // Clinger's fast path: at most 15 significant digits are exact in a double, and so is
        // 10^k for k <= 22, so one correctly rounded division gives the correctly rounded value.
        if !hasExponent, digits <= 15, fractionDigits <= 22 {
            let magnitude = Double(significand) / JSONParser.powersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        // Up to 19 digits (a double's 17 and more), still without an exponent: one exact
        // division of integers, rounded once. Only longer or exponent forms go to strtod.
        if !hasExponent, digits <= 19, fractionDigits <= 19 {
            let magnitude = JSONParser.quotient(significand, overPowerOfTen: fractionDigits)
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Grammar checked above; overflow gives ±infinity, which validation refuses by field.
        return Double(text) ?? .nan
    }

    /// `significand / 10^exponent`, correctly rounded (ties to even), for a nonzero significand
    /// and an exponent of at most 19: the significand is shifted left so that a 128-by-64-bit
    /// division yields 62 to 64 bits of quotient; those bits and whether a remainder is left
    /// decide the rounding to 53 bits.
    static func quotient(_ significand: UInt64, overPowerOfTen exponent: Int) -> Double {
        let divisor = ShortestDecimal.powerOfTen(exponent)
        let shift = 63 + (64 - divisor.leadingZeroBitCount) - (64 - significand.leadingZeroBitCount)
        // significand << shift, as two words (Swift's shifts give 0 past the width).
        let high = shift >= 64 ? significand << (shift - 64) : significand >> (64 - shift)
        let low = significand << shift
        let (quotient, remainder) = divisor.dividingFullWidth((high: high, low: low))
        let dropped = (64 - quotient.leadingZeroBitCount) - 53
        var mantissa = quotient >> dropped
        let rest = quotient & ((1 << dropped) - 1), half: UInt64 = 1 << (dropped - 1)
        if rest > half || (rest == half && (remainder != 0 || mantissa & 1 == 1)) { mantissa += 1 }
        return Double(sign: .plus, exponent: dropped - shift, significand: Double(mantissa))
    }

    /// 10^0 to 10^22, each exact in a double.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}
