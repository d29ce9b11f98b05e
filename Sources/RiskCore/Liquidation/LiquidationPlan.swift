/// Ordered partial liquidations that bring an account back to the target ratio, or as close
/// as closing everything gets it.
public struct LiquidationPlan: Hashable, Sendable {
    public var statusBefore: MarginStatus
    public var equityBefore: Double
    public var maintenanceMarginBefore: Double
    public var targetRatio: Double
    public var steps: [LiquidationStep]
    /// equity >= targetRatio x maintenance margin after the last step.
    public var reachesTarget: Bool
    public var equityAfter: Double
    public var maintenanceMarginAfter: Double
    /// What the account still lacks after the plan when its equity ends below zero: the
    /// insurance fund's draw, then socialized.
    public var expectedShortfall: Double
    public var economics: KeeperEconomics
    /// The holdings once every step is executed at its mark and penalty.
    public var portfolioAfter: Portfolio

    public var marginRatioBefore: Double? { maintenanceMarginBefore > 0 ? equityBefore / maintenanceMarginBefore : nil }
    public var marginRatioAfter: Double? { maintenanceMarginAfter > 0 ? equityAfter / maintenanceMarginAfter : nil }
    public var totalPenalty: Double { steps.reduce(0) { $0 + $1.penalty } }
}
