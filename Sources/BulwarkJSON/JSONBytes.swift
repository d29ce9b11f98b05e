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

    /// `,"name":` (the comma when `comma`) with one capacity check, the name copied in place:
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
        JSONBytes.copyShort(from: name.utf8Start, to: cursor, count: length)
        cursor += length
        cursor[0] = UInt8(ascii: "\"")
        cursor[1] = UInt8(ascii: ":")
        count = cursor + 2 - base
    }

    /// Copies a few bytes as two overlapping words (of 8 bytes, or of 4 below 8 bytes),
    /// or as a run of words when longer: never more than `count` bytes read or written.
    @inline(__always)
    private static func copyShort(from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else {
            for index in 0..<count { destination[index] = source[index] }
        }
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
        if let decimal = ShortestDecimal(abs(number)) {
            if number < 0 { append(UInt8(ascii: "-")) }
            appendDescription(of: decimal)
        } else {
            // The standard library's shortest round-trip digits, handed over as ASCII: no String.
            var sink = Sink(bytes: Unmanaged.passUnretained(self))
            number.write(to: &sink)
        }
        lastNumber = number.bitPattern
        lastStart = start
        lastLength = count - start
    }

    /// A decimal laid out as the standard library's `description` lays out a double of up to
    /// 2^53: plainly from 0.0001 up (`12.5`, `0.00012`, whole numbers with `.0`), in exponent
    /// form below (`1.25e-05`).
    func appendDescription(of decimal: ShortestDecimal) {
        let length = ShortestDecimal.digitCount(decimal.significand)
        let exponent = decimal.exponent
        let leading = length + exponent - 1 // the power of ten of the first digit
        // Room for the longest layout: the digits, "0." and three zeros, or ".", "e-" and two digits.
        if count + length + 8 > capacity { grow(to: count + length + 8) }
        var digits = JSONBytes.ascii(decimal.significand)
        withUnsafeBytes(of: &digits) { raw in
            let first = raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + 24 - length
            var cursor = base + count
            if leading < -4 {
                cursor[0] = first[0]
                cursor += 1
                if length > 1 {
                    cursor[0] = UInt8(ascii: ".")
                    JSONBytes.copyShort(from: first + 1, to: cursor + 1, count: length - 1)
                    cursor += length
                }
                // Two exponent digits: ShortestDecimal stops at 2^-70, about 1e-21.
                cursor[0] = UInt8(ascii: "e")
                cursor[1] = UInt8(ascii: "-")
                cursor[2] = UInt8(ascii: "0") + UInt8(-leading / 10)
                cursor[3] = UInt8(ascii: "0") + UInt8(-leading % 10)
                cursor += 4
            } else if exponent >= 0 {
                JSONBytes.copyShort(from: first, to: cursor, count: length)
                cursor += length
                count = cursor - base
                for _ in 0..<exponent { append(UInt8(ascii: "0")) }
                append(".0")
                return
            } else if leading >= 0 {
                let whole = leading + 1
                JSONBytes.copyShort(from: first, to: cursor, count: whole)
                cursor[whole] = UInt8(ascii: ".")
                JSONBytes.copyShort(from: first + whole, to: cursor + whole + 1, count: length - whole)
                cursor += length + 1
            } else {
                cursor[0] = UInt8(ascii: "0")
                cursor[1] = UInt8(ascii: ".")
                cursor += 2
                for _ in 0 ..< -leading - 1 {
                    cursor[0] = UInt8(ascii: "0")
                    cursor += 1
                }
                JSONBytes.copyShort(from: first, to: cursor, count: length)
                cursor += length
            }
            count = cursor - base
        }
    }

    func appendInteger(_ value: Int64) {
        let length = ShortestDecimal.digitCount(value.magnitude)
        let sign = value < 0 ? 1 : 0
        if count + sign + length > capacity { grow(to: count + sign + length) }
        if value < 0 { base[count] = UInt8(ascii: "-") }
        var digits = JSONBytes.ascii(value.magnitude)
        withUnsafeBytes(of: &digits) { raw in
            let source = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            JSONBytes.copyShort(from: source + 24 - length, to: base + count + sign, count: length)
        }
        count += sign + length
    }

    /// The 20 decimal digits of `value` as ASCII, zeros in front, in the last 20 of 24 bytes.
    @inline(__always)
    private static func ascii(_ value: UInt64) -> (UInt64, UInt64, UInt64) {
        let high = value / 100_000_000
        return (eightDigits(high / 100_000_000), eightDigits(high % 100_000_000), eightDigits(value % 100_000_000))
    }

    /// Eight decimal digits of `value` (below 10^8) as ASCII, the first in the lowest byte:
    /// all eight at once in the lanes of one word (two halves of four digits, four pairs, then
    /// eight digits), with multiplications by reciprocals in place of divisions.
    @inline(__always)
    private static func eightDigits(_ value: UInt64) -> UInt64 {
        let halves = value / 10_000 | (value % 10_000) << 32
        let hundreds = ((halves &* 10_486) >> 20) & 0x0000_007F_0000_007F // each half / 100
        let pairs = (halves &- 100 &* hundreds) << 16 | hundreds
        let tens = ((pairs &* 103) >> 10) & 0x000F_000F_000F_000F // each pair / 10
        let digits = tens | (pairs &- 10 &* tens) << 8
        return digits | 0x3030_3030_3030_3030
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
