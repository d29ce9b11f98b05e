/// An account's holdings: cash in the quote currency, collateral and positions.
public struct Portfolio: Hashable, Sendable {
    public var cash: Double
    public var collateral: [CollateralHolding]
    public var positions: [Position]

    public init(cash: Double = 0, collateral: [CollateralHolding] = [], positions: [Position] = []) {
        self.cash = cash
        self.collateral = collateral
        self.positions = positions
    }

    /// Every invalid field, with its path in the request (`positions[2].strike`).
    public func validationIssues(volatilityRule: ValueCheck.VolatilityRule = .standard) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = ValueCheck.amount(cash, field: "cash") { issues.append(issue) }
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
        Array(Set(positions.map(\.instrument.underlying))).sorted()
    }
}
