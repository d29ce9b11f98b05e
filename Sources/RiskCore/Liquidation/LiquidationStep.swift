/// One partial liquidation: close `size` of one instrument (a negative size sells a long).
///
/// The keeper takes the position over at its mark, the account pays the penalty, and the
/// keeper bears the slippage of unwinding it in the market and the gas of the step. Money
/// figures are in the account's currency.
public struct LiquidationStep: Hashable, Sendable {
    public var instrument: Instrument
    /// The order, in the position's unit: opposite in sign to the position, at most its size.
    public var size: Double
    /// USD of notional for an inverse future held so; coins or contracts otherwise.
    public var sizeUnit: SizeUnit = .coin
    /// The fraction of the position this step closes.
    public var fraction: Double
    public var markPrice: Double
    /// The coins closed x spot, in the account's currency.
    public var notional: Double
    /// Expected cost of unwinding `size` in the market (the liquidity model).
    public var expectedSlippage: Double
    /// Paid by the account; capped at the equity it has left.
    public var penalty: Double
    public var keeperReward: Double
    public var insuranceFundShare: Double
    public var gasCost: Double
    /// keeperReward - expectedSlippage - gasCost: a keeper acts only when this is positive.
    public var keeperProfit: Double { keeperReward - expectedSlippage - gasCost }
    /// Maintenance margin removed by the step.
    public var maintenanceMarginReduction: Double
    public var equityAfter: Double
    public var maintenanceMarginAfter: Double
    public var marginRatioAfter: Double? { maintenanceMarginAfter > 0 ? equityAfter / maintenanceMarginAfter : nil }
}
