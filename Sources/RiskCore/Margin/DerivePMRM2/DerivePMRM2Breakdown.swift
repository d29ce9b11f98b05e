/// The components of a derive-pmrm2 margin, named as Derive names them.
public struct DerivePMRM2Breakdown: Hashable, Sendable {
    public enum ScenarioKind: String, Hashable, Sendable {
        /// Dampening 1, volatility up, down or unchanged.
        case regular
        /// Extreme moves, their P&L scaled by a dampening factor other than 1.
        case tail
        /// LINEAR and ABS skew scenarios.
        case skew
    }

    public struct ScenarioLoss: Hashable, Sendable {
        public var scenario: DerivePMRM2Parameters.DeriveScenario
        public var kind: ScenarioKind
        public var pnl: Double
    }

    public struct Expiry: Hashable, Sendable {
        public var expiry: Timestamp
        public var secondsToExpiry: Int64
        public var markToMarket: Double
        public var staticDiscountPositive: Double
        public var staticDiscountNegative: Double
        public var basisContingency: Double
    }

    public var underlying: String?
    public var scenarios: [ScenarioLoss]
    public var expiries: [Expiry]
    /// Sum over expiries of min(up, down, 0) x (add + mult x tau).
    public var basisContingency: Double
    /// min(basis contingency, every scenario P&L).
    public var worst: Double
    public var worstScenario: Int?
    public var maintenanceLossFactor: Double
    /// IM_LOSS_FACTOR plus the peg-loss charge.
    public var initialLossFactor: Double
    public var stablePrice: Double
    /// MMc: perpetuals, naked short options, collateral haircuts.
    public var maintenancePerpContingency: Double
    public var maintenanceOptionContingency: Double
    public var maintenanceCollateralContingency: Double
    /// IMc: perpetuals, naked short options, collateral haircuts, and the confidence charges within them.
    public var initialPerpContingency: Double
    public var initialOptionContingency: Double
    public var initialCollateralContingency: Double
    public var confidenceContingency: Double
}
