/// An amount of a collateral asset held by the account.
public struct CollateralHolding: Hashable, Sendable {
    public var asset: String
    public var amount: Double
    /// Price in the quote currency; the market's spot for the asset when absent.
    public var price: Double?
    public var confidence: Double?
    /// Whether the collateral moves with its underlying in scenario margin; by default
    /// it does when the asset tracks an underlying of the portfolio.
    public var riskCancelling: Bool?
    /// A haircut fixed by the caller, replacing the registry's.
    public var haircut: HaircutOverride?

    public init(asset: String, amount: Double, price: Double? = nil, confidence: Double? = nil,
                riskCancelling: Bool? = nil, haircut: HaircutOverride? = nil) {
        self.asset = asset
        self.amount = amount
        self.price = price
        self.confidence = confidence
        self.riskCancelling = riskCancelling
        self.haircut = haircut
    }

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !Instrument.isValidUnderlying(asset) {
            issues.append(ValidationIssue(field: "asset", reason: "must be 1 to 20 upper-case letters, digits or '_'"))
        }
        if let issue = ValueCheck.amount(amount, field: "amount") {
            issues.append(issue)
        } else if amount < 0 {
            issues.append(ValidationIssue(field: "amount", reason: "must be at least 0; borrowing is negative cash"))
        }
        if let price, let issue = ValueCheck.positivePrice(price, field: "price") { issues.append(issue) }
        if let confidence, let issue = ValueCheck.unitInterval(confidence, field: "confidence") { issues.append(issue) }
        if let haircut {
            if let issue = ValueCheck.unitInterval(haircut.initial, field: "haircut.initial") { issues.append(issue) }
            if let issue = ValueCheck.unitInterval(haircut.maintenance, field: "haircut.maintenance") { issues.append(issue) }
        }
        return issues
    }
}

/// Initial and maintenance haircuts given by the caller, as fractions of value.
public struct HaircutOverride: Hashable, Sendable {
    public var initial: Double
    public var maintenance: Double

    public init(initial: Double, maintenance: Double) {
        self.initial = initial
        self.maintenance = maintenance
    }
}
