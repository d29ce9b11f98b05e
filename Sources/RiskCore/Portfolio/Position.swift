/// A holding of one instrument. Size is in units of the underlying (or, for a coin-settled
/// future or perpetual, in USD when `sizeUnit` says so), short < 0. Amounts (`unrealizedPnl`,
/// `unrealizedFunding`, an option's `markPrice`) are in the instrument's settlement currency.
public struct Position: Hashable, Sendable {
    public var instrument: Instrument
    public var size: Double
    public var sizeUnit: SizeUnit = .coin
    /// An option's mark per contract in its settlement currency (coin for an inverse option);
    /// its volatility is implied from it unless `markIv` is given too.
    public var markPrice: Double?
    /// Average entry price; with no `unrealizedPnl`, a future's or perpetual's P&L is size x (mark - entry).
    public var entryPrice: Double?
    /// Mark implied volatility of an option (0.6 = 60%); the underlying's ATM volatility when absent.
    public var markIv: Double?
    /// Unrealised P&L of a future or perpetual as the venue reports it; wins over `entryPrice`.
    public var unrealizedPnl: Double?
    /// Accrued, unsettled funding of a perpetual (positive = owed to the account).
    public var unrealizedFunding: Double?

    public init(instrument: Instrument, size: Double, sizeUnit: SizeUnit = .coin, entryPrice: Double? = nil, markIv: Double? = nil,
                markPrice: Double? = nil, unrealizedPnl: Double? = nil, unrealizedFunding: Double? = nil) {
        self.instrument = instrument
        self.size = size
        self.sizeUnit = sizeUnit
        self.markPrice = markPrice
        self.entryPrice = entryPrice
        self.markIv = markIv
        self.unrealizedPnl = unrealizedPnl
        self.unrealizedFunding = unrealizedFunding
    }

    /// Checks the values; field names are relative to the position and flatten the instrument (`strike`, `size`).
    public func validationIssues(volatilityRule: ValueCheck.VolatilityRule = .standard) -> [ValidationIssue] {
        var issues = instrument.validationIssues()
        if let issue = ValueCheck.size(size, field: "size") { issues.append(issue) }
        if let entryPrice, let issue = ValueCheck.positivePrice(entryPrice, field: "entryPrice") { issues.append(issue) }
        if let markIv {
            if let issue = ValueCheck.volatility(markIv, field: "markIv", rule: volatilityRule) { issues.append(issue) }
            if !instrument.kind.isOption { issues.append(ValidationIssue(field: "markIv", reason: "applies to options only")) }
        }
        if let markPrice {
            if let issue = ValueCheck.positivePrice(markPrice, field: "markPrice") { issues.append(issue) }
            if !instrument.kind.isOption { issues.append(ValidationIssue(field: "markPrice", reason: "applies to options only; a future's mark is the market's")) }
        }
        if sizeUnit == .usd, instrument.kind.isOption || instrument.settlement == .quote {
            issues.append(ValidationIssue(field: "sizeUnit", reason: instrument.kind.isOption
                ? "usd applies to coin-settled futures and perpetuals; an option is sized in contracts on one coin"
                : "usd applies to coin-settled futures and perpetuals; a quote-settled position is sized in units of the underlying"))
        }
        if let unrealizedPnl, let issue = ValueCheck.amount(unrealizedPnl, field: "unrealizedPnl") { issues.append(issue) }
        if let unrealizedFunding, let issue = ValueCheck.amount(unrealizedFunding, field: "unrealizedFunding") { issues.append(issue) }
        if instrument.kind.isOption, unrealizedPnl != nil || unrealizedFunding != nil {
            issues.append(ValidationIssue(field: unrealizedPnl != nil ? "unrealizedPnl" : "unrealizedFunding",
                                          reason: "applies to futures and perpetuals; an option is marked to market"))
        } else if instrument.kind == .future, unrealizedFunding != nil {
            issues.append(ValidationIssue(field: "unrealizedFunding", reason: "applies to perpetuals only: a dated future pays no funding"))
        }
        return issues
    }
}
