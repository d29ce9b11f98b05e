/// Whether a plan pays the keeper who must execute it: a liquidation no keeper profits from
/// does not happen in time, however sound the maintenance line looks on paper.
public struct KeeperEconomics: Hashable, Sendable {
    public var keeperRevenue: Double
    public var expectedSlippage: Double
    public var gasCost: Double
    public var keeperProfit: Double { keeperRevenue - expectedSlippage - gasCost }
    /// Every step pays the keeper more than it costs.
    public var isEconomic: Bool
    /// The penalty rate at which the least profitable step breaks even; nil without steps.
    public var breakEvenPenaltyRate: Double?
    /// Some step's penalty was cut to the equity the account had left: a maintenance line
    /// that leaves less equity than the penalty cannot pay keepers.
    public var penaltyCappedByEquity: Bool
}
