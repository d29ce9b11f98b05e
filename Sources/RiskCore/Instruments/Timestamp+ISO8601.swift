extension Timestamp {
    /// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    ///
    /// A fraction of a second is truncated (time to expiry counts whole seconds);
    /// a date alone (`YYYY-MM-DD`) means midnight UTC. Anything else is nil.
    public init?(iso8601 text: String) {
        var text = text
        guard let timestamp = text.withUTF8({ Timestamp(iso8601Bytes: $0) }) else { return nil }
        self = timestamp
    }

    /// The same, from UTF-8 bytes (a request's, read in place).
    public init?(iso8601Bytes bytes: UnsafeBufferPointer<UInt8>) {
        // Helpers over an inout index, not local functions capturing it: a captured mutable
        // variable is checked for exclusive access at run time on every call.
        var index = 0
        guard let year = Timestamp.digits(bytes, 4, at: &index), Timestamp.skip(45, in: bytes, at: &index),
              let month = Timestamp.digits(bytes, 2, at: &index), Timestamp.skip(45, in: bytes, at: &index),
              let day = Timestamp.digits(bytes, 2, at: &index) else { return nil }
        if index == bytes.count {
            self.init(year: year, month: month, day: day)
            return
        }
        guard index < bytes.count, bytes[index] == 84 || bytes[index] == 116 || bytes[index] == 32 else { return nil }
        index += 1
        guard let hour = Timestamp.digits(bytes, 2, at: &index), Timestamp.skip(58, in: bytes, at: &index),
              let minute = Timestamp.digits(bytes, 2, at: &index), Timestamp.skip(58, in: bytes, at: &index),
              let second = Timestamp.digits(bytes, 2, at: &index) else { return nil }
        if Timestamp.skip(46, in: bytes, at: &index) {
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if Timestamp.skip(90, in: bytes, at: &index) || Timestamp.skip(122, in: bytes, at: &index) {
            // UTC
        } else if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {
            let sign = bytes[index] == 45 ? -1 : 1
            index += 1
            guard let offsetHours = Timestamp.digits(bytes, 2, at: &index), Timestamp.skip(58, in: bytes, at: &index),
                  let offsetMinutes = Timestamp.digits(bytes, 2, at: &index), offsetHours <= 23, offsetMinutes <= 59 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count,
              let local = Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        else { return nil }
        self = local.adding(seconds: Int64(-offsetSeconds))
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ width: Int, at index: inout Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += width
        return value
    }

    private static func skip(_ character: UInt8, in bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Bool {
        guard index < bytes.count, bytes[index] == character else { return false }
        index += 1
        return true
    }
}
