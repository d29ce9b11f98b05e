/// The growable byte buffer both writers write into, through a pointer: appending a byte is a
/// bounds check and a store, without an Array's uniqueness check and bookkeeping on every call
/// (they were a tenth of the margin answer's cost). Owned by one writer at a time.
final class JSONBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    private func grow(to minimum: Int) {
        let grown = max(minimum, capacity * 2)
        let replacement = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        replacement.initialize(from: base, count: count)
        base.deallocate()
        base = replacement
        capacity = grown
    }

    // MARK: JSON scalars

    /// Shortest round-trip form; whole numbers without ".0" (-0 as 0); non-finite numbers as null.
    func appendNumber(_ number: Double) {
        guard number.isFinite else {
            append("null")
            return
        }
        // The conversion is exact below 1e15, so this tests wholeness without libm's round.
        if abs(number) < 1e15, Double(Int64(number)) == number {
            appendInteger(Int64(number))
            return
        }
        // The standard library's shortest round-trip digits, handed over as ASCII: no String.
        var sink = Sink(bytes: self)
        number.write(to: &sink)
    }

    func appendInteger(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = 24
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[start...]))
        }
    }

    func appendString(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Most strings need no escaping: copy them whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                append(utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    append("\\u00")
                    append(hex[Int(byte >> 4)])
                    append(hex[Int(byte & 0xF)])
                default: append(byte)
                }
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// Where `Double.write(to:)` puts its digits.
    private struct Sink: TextOutputStream {
        let bytes: JSONBytes

        mutating func write(_ string: String) {
            var string = string
            string.withUTF8 { bytes.append($0) }
        }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            bytes.append(buffer)
        }
    }
}
