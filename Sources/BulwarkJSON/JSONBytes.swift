/// The growable byte buffer both writers write into, through a pointer: appending a byte is a
/// bounds check and a store, without an Array's uniqueness check and bookkeeping on every call
/// (they were a tenth of the margin answer's cost). Owned by one writer at a time.
final class JSONBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// The last number written by digits, and where its bytes are: a repeat is copied.
    private var lastNumber: UInt64 = 0
    private var lastStart = 0
    private var lastLength = 0

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

    /// `,"name":` (the comma when `comma`) with one capacity check, the name copied by a loop:
    /// keys are short, and a call to memmove costs more than copying them.
    @inline(__always)
    func appendKey(_ name: StaticString, comma: Bool) {
        let length = name.utf8CodeUnitCount
        if count + length + 4 > capacity { grow(to: count + length + 4) }
        var cursor = base + count
        if comma {
            cursor.pointee = UInt8(ascii: ",")
            cursor += 1
        }
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        let source = name.utf8Start
        for index in 0..<length { cursor[index] = source[index] }
        cursor += length
        cursor[0] = UInt8(ascii: "\"")
        cursor[1] = UInt8(ascii: ":")
        count = cursor + 2 - base
    }

    func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
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
        // The same number again (a scenario's P&L and its weighted P&L): the same bytes again.
        if lastLength > 0, number.bitPattern == lastNumber {
            if count + lastLength > capacity { grow(to: count + lastLength) }
            (base + count).initialize(from: base + lastStart, count: lastLength)
            lastStart = count
            count += lastLength
            return
        }
        let start = count
        if !appendShortDecimal(number) {
            // The standard library's shortest round-trip digits, handed over as ASCII: no String.
            var sink = Sink(bytes: Unmanaged.passUnretained(self))
            number.write(to: &sink)
        }
        lastNumber = number.bitPattern
        lastStart = start
        lastLength = count - start
    }

    /// A number with at most six decimals between 0.001 and 1e9 (shocks, rates, prices),
    /// written from its digits as an integer: the standard library's shortest form, for a
    /// fraction of its cost. False, with nothing written, for any other number.
    private func appendShortDecimal(_ number: Double) -> Bool {
        let magnitude = abs(number)
        guard magnitude >= 0.001, magnitude < 1e9 else { return false }
        // For such a number the product is within a couple of its ulps (under 0.2 below 1e15)
        // of the integer of its digits, so rounding finds them; the division, correctly
        // rounded, says whether those digits read back as the number. The cheap test first
        // turns most other numbers away before the division; a number it turns away wrongly
        // only takes the general path, which writes the same digits.
        let product = magnitude * 1e6
        let scaled = Int64(product + 0.5)
        guard abs(product - Double(scaled)) < 0.0625, Double(scaled) / 1e6 == magnitude else { return false }
        var fraction = scaled % 1_000_000
        var decimals = 6
        while fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        if number < 0 { append(UInt8(ascii: "-")) }
        appendInteger(scaled / 1_000_000)
        append(UInt8(ascii: "."))
        var digits: UInt64 = 0 // up to six ASCII digits, most significant in the lowest byte
        for shift in stride(from: 8 * (decimals - 1), through: 0, by: -8) {
            digits |= UInt64(UInt8(ascii: "0") + UInt8(fraction % 10)) << UInt64(shift)
            fraction /= 10
        }
        withUnsafeBytes(of: digits.littleEndian) { raw in
            append(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: decimals))
        }
        return true
    }

    /// The digits written in place, last first: no scratch buffer, no copy.
    func appendInteger(_ value: Int64) {
        var magnitude = value.magnitude
        var digits = 1
        var power: UInt64 = 10
        while digits < 20, magnitude >= power {
            digits += 1
            power = power &* 10
        }
        let length = digits + (value < 0 ? 1 : 0)
        if count + length > capacity { grow(to: count + length) }
        if value < 0 { base[count] = UInt8(ascii: "-") }
        var cursor = base + count + length
        repeat {
            cursor -= 1
            cursor.pointee = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += length
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
                    // \u00XX: the high hex digit is 0 or 1, the low one 0-9 or a-f.
                    append("\\u00")
                    append(UInt8(ascii: "0") + byte >> 4)
                    append(byte & 0xF < 10 ? UInt8(ascii: "0") + byte & 0xF : UInt8(ascii: "a") + byte & 0xF - 10)
                default: append(byte)
                }
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// Where `Double.write(to:)` puts its digits. It lives only inside `appendNumber`, while
    /// the buffer is alive, so it holds the buffer unmanaged: no retain and release per number.
    private struct Sink: TextOutputStream {
        let bytes: Unmanaged<JSONBytes>

        mutating func write(_ string: String) {
            var string = string
            string.withUTF8 { utf8 in bytes._withUnsafeGuaranteedRef { $0.append(utf8) } }
        }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            bytes._withUnsafeGuaranteedRef { $0.append(buffer) }
        }
    }
}
