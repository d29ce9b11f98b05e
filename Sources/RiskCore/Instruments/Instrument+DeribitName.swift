extension Instrument {
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// Deribit names expire at 08:00 UTC on the named day.
    public static let deribitExpiryHour = 8

    /// Parses `BTC-27MAR26-60000-C`, `BTC-27MAR26-60000-P`, `BTC-27MAR26` and `BTC-PERPETUAL`.
    ///
    /// Strikes may use `d` as the decimal mark as Deribit does for small strikes (`XRP_USDC-27MAR26-0d625-C`).
    /// An underlying followed by `_USDC` or `_USDT` names a linear instrument on that
    /// underlying settled in the stablecoin (`BTC_USDC-PERPETUAL`: BTC, not `BTC_USDC`); a
    /// plain name settles as `plainSettlement` says (Deribit's plain names are inverse).
    /// Returns nil with no partial result when any part is malformed; `parseDeribitName` says why.
    public init?(deribitName: String, plainSettlement: Settlement = .quote) {
        guard case .success(let instrument) = Instrument.parseDeribitName(deribitName, plainSettlement: plainSettlement) else { return nil }
        self = instrument
    }

    /// The name in upper case (a strike's decimal `d` kept) when that form is a valid name and
    /// this one is not: a hint for `btc-26mar27-100000-c`.
    static func upperCaseSuggestion(_ name: String) -> String? {
        var parts = name.uppercased().split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 4 { parts[2] = parts[2].replacingOccurrences(of: "D", with: "d") }
        let candidate = parts.joined(separator: "-")
        guard candidate != name, case .success = parseDeribitName(candidate) else { return nil }
        return candidate
    }

    /// Parses a Deribit-convention name, or says which part is wrong.
    public static func parseDeribitName(_ name: String, plainSettlement: Settlement = .quote) -> Result<Instrument, ValidationIssue> {
        parseName(name).map { instrument in
            var instrument = instrument
            if let named = splitQuoteCurrency(instrument.underlying) {
                instrument.underlying = named.underlying
                instrument.quoteCurrency = named.currency
            } else {
                instrument.settlement = plainSettlement
            }
            return instrument
        }
    }

    /// `BTC_USDC` as BTC settled in USDC; nil for an underlying without a stablecoin suffix.
    private static func splitQuoteCurrency(_ symbol: String) -> (underlying: String, currency: String)? {
        // Searched as bytes: a Character search costs more than the whole name's parse.
        guard let separator = symbol.utf8.lastIndex(of: UInt8(ascii: "_")) else { return nil }
        let currency = String(symbol[symbol.index(after: separator)...])
        let underlying = String(symbol[..<separator])
        guard quoteCurrencies.contains(currency), !underlying.isEmpty else { return nil }
        return (underlying, currency)
    }

    private static func parseName(_ name: String) -> Result<Instrument, ValidationIssue> {
        func failure(_ reason: String) -> Result<Instrument, ValidationIssue> {
            let hint = upperCaseSuggestion(name).map { "; did you mean '\($0)'?" } ?? ""
            return .failure(ValidationIssue(field: "instrument", reason: reason + hint))
        }
        var utf8 = name
        return utf8.withUTF8 { bytes -> Result<Instrument, ValidationIssue> in
            // The parts between dashes, found without allocating (at most four are valid).
            var dashes = (0, 0, 0)
            var dashCount = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "-") {
                switch dashCount {
                case 0: dashes.0 = index
                case 1: dashes.1 = index
                case 2: dashes.2 = index
                default: break
                }
                dashCount += 1
            }
            guard dashCount == 1 || dashCount == 3 else {
                return failure("'\(name)' is not an instrument name like BTC-27MAR26-60000-C, BTC-27MAR26 or BTC-PERPETUAL")
            }
            let partCount = dashCount + 1
            let end = dashCount == 1 ? bytes.endIndex : dashes.1
            let parts = (bytes[..<dashes.0], bytes[(dashes.0 + 1)..<end],
                         dashCount == 3 ? bytes[(dashes.1 + 1)..<dashes.2] : bytes[0..<0],
                         dashCount == 3 ? bytes[(dashes.2 + 1)...] : bytes[0..<0])
            let underlying = String(decoding: UnsafeBufferPointer(rebasing: parts.0), as: UTF8.self)
            guard isValidUnderlying(underlying) else {
                return failure("'\(underlying)' is not an underlying symbol (upper-case letters, digits or '_')")
            }
            if partCount == 2 && parts.1.elementsEqual("PERPETUAL".utf8) {
                return .success(.perpetual(underlying))
            }
            guard let expiry = parseExpiry(parts.1) else {
                return failure("'\(String(decoding: parts.1, as: UTF8.self))' is not an expiry like 27MAR26")
            }
            if partCount == 2 {
                return .success(.future(underlying, expiry: expiry))
            }
            guard let strike = parseStrike(parts.2) else {
                return failure("'\(String(decoding: parts.2, as: UTF8.self))' is not a strike")
            }
            guard strike > 0 else { return failure("strike must be greater than 0") }
            if parts.3.elementsEqual("C".utf8) { return .success(.option(underlying, .call, strike: strike, expiry: expiry)) }
            if parts.3.elementsEqual("P".utf8) { return .success(.option(underlying, .put, strike: strike, expiry: expiry)) }
            return failure("'\(String(decoding: parts.3, as: UTF8.self))' is not C or P")
        }
    }

    /// The Deribit-style name, or nil when the expiry is not at 08:00 UTC (such instruments only have the structured form).
    public var deribitName: String? {
        let symbol = quoteCurrency.map { underlying + "_" + $0 } ?? underlying
        if kind == .perpetual { return symbol + "-PERPETUAL" }
        guard let expiry else { return nil }
        let c = expiry.civil
        guard c.hour == Instrument.deribitExpiryHour, c.minute == 0, c.second == 0, (2000...2099).contains(c.year) else { return nil }
        var strikeText = ""
        switch kind {
        case .future, .perpetual: break
        case .call, .put:
            guard let strike else { return nil }
            strikeText = Instrument.formatStrike(strike)
        }
        // Written straight into the String's storage: this runs for every position of every answer.
        return String(unsafeUninitializedCapacity: symbol.utf8.count + strikeText.utf8.count + 32) { name in
            let start = name.baseAddress!
            var cursor = Instrument.copy(symbol, to: start)
            cursor[0] = UInt8(ascii: "-")
            cursor += 1
            if c.day >= 10 {
                cursor[0] = UInt8(ascii: "0") + UInt8(c.day / 10)
                cursor += 1
            }
            cursor[0] = UInt8(ascii: "0") + UInt8(c.day % 10)
            cursor = Instrument.copy(Instrument.monthNames[c.month - 1], to: cursor + 1)
            cursor[0] = UInt8(ascii: "0") + UInt8(c.year % 100 / 10)
            cursor[1] = UInt8(ascii: "0") + UInt8(c.year % 10)
            cursor += 2
            guard !strikeText.isEmpty else { return cursor - start }
            cursor[0] = UInt8(ascii: "-")
            cursor = Instrument.copy(strikeText, to: cursor + 1)
            cursor[0] = UInt8(ascii: "-")
            cursor[1] = kind == .call ? UInt8(ascii: "C") : UInt8(ascii: "P")
            return cursor + 2 - start
        }
    }

    /// Copies a string's UTF-8 to `destination`; the position after it.
    private static func copy(_ text: String, to destination: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var text = text
        return text.withUTF8 { utf8 in
            guard let source = utf8.baseAddress else { return destination }
            destination.initialize(from: source, count: utf8.count)
            return destination + utf8.count
        }
    }

    static func formatStrike(_ strike: Double) -> String {
        if abs(strike) < 1e15, Double(Int64(strike)) == strike { return String(Int64(strike)) }
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
        // Whole strikes of up to 15 digits (nearly all) are exact as an integer.
        if !bytes.isEmpty, bytes.count <= 15, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return Double(bytes.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) })
        }
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
