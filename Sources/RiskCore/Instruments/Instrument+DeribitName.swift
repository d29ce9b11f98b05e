extension Instrument {
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// Deribit names expire at 08:00 UTC on the named day.
    public static let deribitExpiryHour = 8

    /// Parses `BTC-27MAR26-60000-C`, `BTC-27MAR26-60000-P`, `BTC-27MAR26` and `BTC-PERPETUAL`.
    ///
    /// Strikes may use `d` as the decimal mark as Deribit does for small strikes (`XRP_USDC-27MAR26-0d625-C`).
    /// Returns nil with no partial result when any part is malformed; `parseDeribitName` says why.
    public init?(deribitName: String) {
        guard case .success(let instrument) = Instrument.parseDeribitName(deribitName) else { return nil }
        self = instrument
    }

    /// Parses a Deribit-convention name, or says which part is wrong.
    public static func parseDeribitName(_ name: String) -> Result<Instrument, ValidationIssue> {
        func failure(_ reason: String) -> Result<Instrument, ValidationIssue> {
            .failure(ValidationIssue(field: "instrument", reason: reason))
        }
        var utf8 = name
        return utf8.withUTF8 { bytes -> Result<Instrument, ValidationIssue> in
            let parts = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 4 else {
                return failure("'\(name)' is not an instrument name like BTC-27MAR26-60000-C, BTC-27MAR26 or BTC-PERPETUAL")
            }
            let underlying = String(decoding: parts[0], as: UTF8.self)
            guard isValidUnderlying(underlying) else {
                return failure("'\(underlying)' is not an underlying symbol (upper-case letters, digits or '_')")
            }
            if parts.count == 2 && parts[1].elementsEqual("PERPETUAL".utf8) {
                return .success(.perpetual(underlying))
            }
            guard let expiry = parseExpiry(parts[1]) else {
                return failure("'\(String(decoding: parts[1], as: UTF8.self))' is not an expiry like 27MAR26")
            }
            if parts.count == 2 {
                return .success(.future(underlying, expiry: expiry))
            }
            guard let strike = parseStrike(parts[2]) else {
                return failure("'\(String(decoding: parts[2], as: UTF8.self))' is not a strike")
            }
            guard strike > 0 else { return failure("strike must be greater than 0") }
            if parts[3].elementsEqual("C".utf8) { return .success(.option(underlying, .call, strike: strike, expiry: expiry)) }
            if parts[3].elementsEqual("P".utf8) { return .success(.option(underlying, .put, strike: strike, expiry: expiry)) }
            return failure("'\(String(decoding: parts[3], as: UTF8.self))' is not C or P")
        }
    }

    /// The Deribit-style name, or nil when the expiry is not at 08:00 UTC (such instruments only have the structured form).
    public var deribitName: String? {
        if kind == .perpetual { return "\(underlying)-PERPETUAL" }
        guard let expiry else { return nil }
        let c = expiry.civil
        guard c.hour == Instrument.deribitExpiryHour, c.minute == 0, c.second == 0, (2000...2099).contains(c.year) else { return nil }
        let year = c.year % 100
        let date = "\(c.day)\(Instrument.monthNames[c.month - 1])\(year < 10 ? "0" : "")\(year)"
        switch kind {
        case .future: return "\(underlying)-\(date)"
        case .call, .put:
            guard let strike else { return nil }
            return "\(underlying)-\(date)-\(Instrument.formatStrike(strike))-\(kind == .call ? "C" : "P")"
        case .perpetual: return nil
        }
    }

    static func formatStrike(_ strike: Double) -> String {
        if strike == strike.rounded(), abs(strike) < 1e15 { return String(Int64(strike)) }
        return String(String(strike).map { $0 == "." ? "d" : $0 })
    }

    private static func parseExpiry(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Timestamp? {
        guard bytes.count == 6 || bytes.count == 7 else { return nil }
        let start = bytes.startIndex
        let dayDigits = bytes.count - 5
        var day = 0
        for byte in bytes[start..<start + dayDigits] {
            guard byte >= 48, byte <= 57 else { return nil }
            day = day * 10 + Int(byte - 48)
        }
        let month = bytes[(start + dayDigits)..<(start + dayDigits + 3)]
        guard let monthIndex = monthNames.firstIndex(where: { $0.utf8.elementsEqual(month) }) else { return nil }
        var year = 0
        for byte in bytes[(start + dayDigits + 3)...] {
            guard byte >= 48, byte <= 57 else { return nil }
            year = year * 10 + Int(byte - 48)
        }
        return Timestamp(year: 2000 + year, month: monthIndex + 1, day: day, hour: deribitExpiryHour)
    }

    /// Digits with at most one decimal mark, `.` or Deribit's `d`.
    private static func parseStrike(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var sawDigit = false
        var sawPoint = false
        for byte in bytes {
            if byte >= 48 && byte <= 57 {
                sawDigit = true
                normalized.append(byte)
            } else if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "d")) && !sawPoint {
                sawPoint = true
                normalized.append(UInt8(ascii: "."))
            } else {
                return nil
            }
        }
        guard sawDigit, let value = Double(String(decoding: normalized, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
