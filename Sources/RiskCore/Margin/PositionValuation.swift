/// One position valued: its mark, its contribution to equity and its Greeks (position-level, size included).
public struct PositionValuation: Hashable, Sendable {
    public var instrument: Instrument
    public var size: Double
    /// Per-unit mark: the option's Black-76 price, the future's forward or the perpetual's mark.
    public var markPrice: Double
    /// Contribution to equity: size x mark for an option; unrealised P&L plus funding for a future or perpetual.
    public var value: Double
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double
    /// Inputs the valuation used, for the response and for scenario revaluation.
    public var spot: Double
    public var forward: Double
    public var rate: Double
    public var volatility: Double?
    public var timeToExpiry: Double?
}
