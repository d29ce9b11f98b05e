import Foundation

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
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func failure(_ reason: String) -> Result<Instrument, ValidationIssue> {
            .failure(ValidationIssue(field: "instrument", reason: reason))
        }
        guard parts.count == 2 || parts.count == 4 else {
            return failure("'\(name)' is not an instrument name like BTC-27MAR26-60000-C, BTC-27MAR26 or BTC-PERPETUAL")
        }
        let underlying = parts[0]
        guard isValidUnderlying(underlying) else {
            return failure("'\(underlying)' is not an underlying symbol (upper-case letters, digits or '_')")
        }
        if parts.count == 2 && parts[1] == "PERPETUAL" {
            return .success(.perpetual(underlying))
        }
        guard let expiry = parseExpiry(parts[1]) else {
            return failure("'\(parts[1])' is not an expiry like 27MAR26")
        }
        if parts.count == 2 {
            return .success(.future(underlying, expiry: expiry))
        }
        guard let strike = parseStrike(parts[2]) else {
            return failure("'\(parts[2])' is not a strike")
        }
        guard strike > 0 else { return failure("strike must be greater than 0") }
        switch parts[3] {
        case "C": return .success(.option(underlying, .call, strike: strike, expiry: expiry))
        case "P": return .success(.option(underlying, .put, strike: strike, expiry: expiry))
        default: return failure("'\(parts[3])' is not C or P")
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
        return String(strike).replacingOccurrences(of: ".", with: "d")
    }

    private static func parseExpiry(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count == 6 || bytes.count == 7 else { return nil }
        let dayDigits = bytes.count - 5
        var day = 0
        for byte in bytes[0..<dayDigits] {
            guard byte >= 48, byte <= 57 else { return nil }
            day = day * 10 + Int(byte - 48)
        }
        let monthText = String(decoding: bytes[dayDigits..<dayDigits + 3], as: UTF8.self)
        guard let monthIndex = monthNames.firstIndex(of: monthText) else { return nil }
        var year = 0
        for byte in bytes[(dayDigits + 3)...] {
            guard byte >= 48, byte <= 57 else { return nil }
            year = year * 10 + Int(byte - 48)
        }
        return Timestamp(year: 2000 + year, month: monthIndex + 1, day: day, hour: deribitExpiryHour)
    }

    private static func parseStrike(_ text: String) -> Double? {
        let normalized = text.replacingOccurrences(of: "d", with: ".")
        var sawDigit = false
        var sawPoint = false
        for byte in normalized.utf8 {
            if byte >= 48 && byte <= 57 {
                sawDigit = true
            } else if byte == 46 && !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
        }
        guard sawDigit, let value = Double(normalized), value.isFinite else { return nil }
        return value
    }
}
