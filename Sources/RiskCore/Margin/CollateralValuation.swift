/// One collateral holding valued after its haircut.
public struct CollateralValuation: Hashable, Sendable {
    public var asset: String
    public var amount: Double
    public var price: Double
    /// amount x price, before any haircut.
    public var marketValue: Double
    /// The haircut counted in equity (the maintenance haircut when the caller fixed one).
    public var haircut: Double
    /// The registry's components, or nil when the caller fixed the haircut.
    public var components: Haircut?
    /// The initial-margin haircut when the caller fixed one above the maintenance haircut.
    public var initialHaircut: Double
    /// marketValue x (1 - haircut): what the collateral adds to equity.
    public var value: Double
    /// The underlying whose scenarios move this collateral in portfolio mode, if any.
    public var movesWith: String?
}
