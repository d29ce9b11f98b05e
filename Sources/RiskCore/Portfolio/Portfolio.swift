/// An account's holdings: cash in the account's currency, collateral and positions.
public struct Portfolio: Hashable, Sendable {
    public var cash: Double
    public var collateral: [CollateralHolding]
    public var positions: [Position]
    /// The currency of `cash` and of every money figure of the account's margin: `USD` (the
    /// quote currency) or a coin with an index price (docs/INVERSE.md).
    public var currency: String
    /// Initial margin the venue holds as state (`deribit-pm` only), in the account's currency.
    public var marginAddOns: MarginAddOns = .none

    public init(cash: Double = 0, collateral: [CollateralHolding] = [], positions: [Position] = [],
                currency: String = AccountCurrency.quoteCode, marginAddOns: MarginAddOns = .none) {
        self.cash = cash
        self.collateral = collateral
        self.positions = positions
        self.currency = currency
        self.marginAddOns = marginAddOns
    }

    /// Every invalid field, with its path in the request (`positions[2].strike`).
    public func validationIssues(volatilityRule: ValueCheck.VolatilityRule = .standard) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = ValueCheck.amount(cash, field: "cash") { issues.append(issue) }
        issues += marginAddOns.validationIssues().map { $0.nested(under: "marginAddOns") }
        if let issue = AccountCurrency.codeIssue(currency, field: "accountCurrency") { issues.append(issue) }
        for (index, holding) in collateral.enumerated() {
            issues += holding.validationIssues().map { $0.nested(under: "collateral[\(index)]") }
        }
        for (index, position) in positions.enumerated() {
            issues += position.validationIssues(volatilityRule: volatilityRule).map { $0.nested(under: "positions[\(index)]") }
        }
        return issues
    }

    /// The underlyings the positions are on, sorted.
    public var underlyings: [String] {
        // Sorted, then the repeats dropped: no set, whose hashing cost more than the rest of
        // a small portfolio's valuation setup.
        var names = positions.map(\.instrument.underlying)
        names.sort()
        var kept = 0
        for index in names.indices where kept == 0 || names[kept - 1] != names[index] {
            names.swapAt(kept, index)
            kept += 1
        }
        names.removeSubrange(kept...)
        return names
    }
}
