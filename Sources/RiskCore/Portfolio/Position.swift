/// A holding of one instrument. Size is in units of the underlying, short < 0.
public struct Position: Hashable, Sendable {
    public var instrument: Instrument
    public var size: Double
    /// Average entry price; with no `unrealizedPnl`, a future's or perpetual's P&L is size x (mark - entry).
    public var entryPrice: Double?
    /// Mark implied volatility of an option (0.6 = 60%); the underlying's ATM volatility when absent.
    public var markIv: Double?
    /// Unrealised P&L of a future or perpetual as the venue reports it; wins over `entryPrice`.
    public var unrealizedPnl: Double?
    /// Accrued, unsettled funding of a perpetual (positive = owed to the account).
    public var unrealizedFunding: Double?

    public init(instrument: Instrument, size: Double, entryPrice: Double? = nil, markIv: Double? = nil,
                unrealizedPnl: Double? = nil, unrealizedFunding: Double? = nil) {
        self.instrument = instrument
        self.size = size
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
