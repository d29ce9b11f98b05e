/// An immutable description of a tradable instrument.
///
/// Options carry a strike and an expiry, dated futures an expiry, perpetuals
/// neither. Use `Instrument.option`, `.future` or `.perpetual` to build one and
/// `Instrument(deribitName:)` to parse an exchange name.
public struct Instrument: Hashable, Sendable {
    public var underlying: String
    public var kind: InstrumentKind
    public var strike: Double?
    public var expiry: Timestamp?
    /// Linear (the quote currency) or inverse (the underlying coin).
    public var settlement: Settlement
    /// The stablecoin a linear instrument's name settles it in (`USDC` in
    /// `BTC_USDC-PERPETUAL`, Deribit's form), kept for its name; nil otherwise.
    public var quoteCurrency: String?

    public init(underlying: String, kind: InstrumentKind, strike: Double? = nil, expiry: Timestamp? = nil,
                settlement: Settlement = .quote, quoteCurrency: String? = nil) {
        self.underlying = underlying
        self.kind = kind
        self.strike = strike
        self.expiry = expiry
        self.settlement = settlement
        self.quoteCurrency = quoteCurrency
    }

    /// The stablecoins a name may settle an instrument in (`BTC_USDC-...`).
    public static let quoteCurrencies: Set<String> = ["USDC", "USDT"]

    /// The currency its premium, P&L and settlement are paid in: its coin when inverse, USD
    /// (the quote currency, stablecoins at par) when linear.
    public var settlementCurrency: String {
        settlement == .coin ? underlying : AccountCurrency.quoteCode
    }

    /// Whether a position in it is booked in USD of notional: a coin-settled future or
    /// perpetual (Deribit's contracts; its P&L is N x (1/entry - 1/exit) coin).
    public var isInverseLinear: Bool { settlement == .coin && !kind.isOption }

    /// The same instrument settled in `settlement`.
    public func settled(in settlement: Settlement) -> Instrument {
        var instrument = self
        instrument.settlement = settlement
        return instrument
    }

    public static func option(_ underlying: String, _ kind: InstrumentKind, strike: Double, expiry: Timestamp) -> Instrument {
        precondition(kind.isOption, "an option is a call or a put")
        return Instrument(underlying: underlying, kind: kind, strike: strike, expiry: expiry)
    }

    public static func future(_ underlying: String, expiry: Timestamp) -> Instrument {
        Instrument(underlying: underlying, kind: .future, expiry: expiry)
    }

    public static func perpetual(_ underlying: String) -> Instrument {
        Instrument(underlying: underlying, kind: .perpetual)
    }

    /// Checks the fields a valid instrument needs; each issue names its field relative to the instrument.
    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !Instrument.isValidUnderlying(underlying) {
            issues.append(ValidationIssue(field: "underlying", reason: "must be 1 to 20 upper-case letters, digits or '_'"))
        }
        switch kind {
        case .call, .put:
            if let strike {
                if !strike.isFinite {
                    issues.append(ValidationIssue(field: "strike", reason: "must be a finite number"))
                } else if strike <= 0 {
                    issues.append(ValidationIssue(field: "strike", reason: "must be greater than 0"))
                } else if strike > 1e12 {
                    issues.append(ValidationIssue(field: "strike", reason: "must be at most 1e12"))
                }
            } else {
                issues.append(ValidationIssue(field: "strike", reason: "is required for an option"))
            }
            if expiry == nil { issues.append(ValidationIssue(field: "expiry", reason: "is required for an option")) }
        case .future:
            if strike != nil { issues.append(ValidationIssue(field: "strike", reason: "must be absent for a future")) }
            if expiry == nil { issues.append(ValidationIssue(field: "expiry", reason: "is required for a dated future")) }
        case .perpetual:
            if strike != nil { issues.append(ValidationIssue(field: "strike", reason: "must be absent for a perpetual")) }
            if expiry != nil { issues.append(ValidationIssue(field: "expiry", reason: "must be absent for a perpetual")) }
        }
        return issues
    }

    public static func isValidUnderlying(_ symbol: String) -> Bool {
        let bytes = symbol.utf8
        guard (1...20).contains(bytes.count) else { return false }
        return bytes.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}

extension Instrument: CustomStringConvertible {
    /// The Deribit-style name when the instrument has one (expiry at 08:00 UTC), else a structured rendering.
    public var description: String {
        deribitName ?? "\(underlying)-\(expiry?.iso8601 ?? "")-\(strike.map(Instrument.formatStrike) ?? "")-\(kind.rawValue)"
    }
}
