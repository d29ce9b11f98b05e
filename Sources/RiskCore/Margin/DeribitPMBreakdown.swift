/// The components of a deribit-pm margin, per underlying, in the account's currency.
public struct DeribitPMBreakdown: Hashable, Sendable {
    public enum VolatilityMove: String, Hashable, Sendable {
        case up, none, down
    }

    public struct ScenarioLoss: Hashable, Sendable {
        public var spotShock: Double
        public var volatility: VolatilityMove
        public var extended: Bool
        /// The instruments' P&L summed, before the extended dampener and the profit offset.
        public var pnl: Double
        /// After them: what the worst case is taken from.
        public var weightedPnl: Double
    }

    public struct UnderlyingRisk: Hashable, Sendable {
        public var underlying: String
        public var spot: Double
        /// The price points' scenarios (up, none, down at each, lowest first), then the extended table.
        public var scenarios: [ScenarioLoss]
        public var worstScenario: Int
        /// Deribit's worst case: max(0, -the lowest weighted P&L), rounded to 9 decimals.
        public var riskMatrixLoss: Double
        public var deltaShock: Double
        public var rollShock: Double
        /// riskMatrixLoss + rollShock + deltaShock.
        public var riskMatrixMargin: Double
    }

    public var underlyings: [UnderlyingRisk]
    public var mmFactor: Double
    public var marginAddOns: MarginAddOns
}
