/// The components of a deribit-pm margin, per underlying.
public struct DeribitPMBreakdown: Hashable, Sendable {
    public enum VolatilityMove: String, Hashable, Sendable {
        case up, same, down
    }

    public struct ScenarioLoss: Hashable, Sendable {
        public var spotShock: Double
        public var volatility: VolatilityMove
        public var extended: Bool
        public var weight: Double
        public var pnl: Double
        public var weightedPnl: Double
    }

    public struct UnderlyingRisk: Hashable, Sendable {
        public var underlying: String
        public var spot: Double
        public var scenarios: [ScenarioLoss]
        public var worstScenario: Int
        /// max(0, -worst weighted P&L).
        public var riskMatrixLoss: Double
        public var deltaShock: Double
        public var rollShock: Double
        /// Risk-matrix margin: loss + delta shock + roll shock.
        public var riskMatrixMargin: Double
    }

    public var underlyings: [UnderlyingRisk]
    public var mmFactor: Double
}
