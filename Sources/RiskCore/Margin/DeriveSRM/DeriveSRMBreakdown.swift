/// Why a derive-srm margin is what it is: per market and expiry, both candidate option
/// margins and which applied, and every other charge and credit. Amounts are Derive's:
/// margin contributions, negative for a charge (docs/DERIVE-SRM.md).
public struct DeriveSRMBreakdown: Hashable, Sendable {
    public struct Expiry: Hashable, Sendable {
        public var expiry: Timestamp
        public var forward: Double
        /// Sum over the short options of their isolated margins.
        public var isolatedMaintenance: Double
        public var isolatedInitial: Double
        /// The settlement payoff's minimum (at most 0) with the unpaired-call term.
        public var maxLossMaintenance: Double
        public var maxLossInitial: Double
        /// The settlement price where the payoff is lowest, nil when the book cannot lose there.
        public var maxLossPrice: Double?
        /// The sum of the expiry's call sizes; below 0 the unpaired calls are charged on the forward.
        public var netCalls: Double
        public var unpairedMaintenance: Double
        public var unpairedInitial: Double
        /// max(isolated, max loss): the one applied.
        public var maintenance: Double
        public var initial: Double
        /// The oracle-confidence charge of the expiry's short options (IM only, subtracted).
        public var confidenceCharge: Double

        public var maintenanceUsesMaxLoss: Bool { maxLossMaintenance > isolatedMaintenance }
        public var initialUsesMaxLoss: Bool { maxLossInitial > isolatedInitial }
    }

    public struct Market: Hashable, Sendable {
        public var underlying: String
        public var spot: Double
        public var expiries: [Expiry]
        public var perpSize: Double
        /// -notional x mmPerpReq and -notional x imPerpReq.
        public var perpMaintenance: Double
        public var perpInitial: Double
        /// Unrealised P&L plus funding, in MM, IM and MtM.
        public var perpUnsettled: Double
        public var perpConfidenceCharge: Double
        public var baseUnits: Double
        public var baseMaintenance: Double
        public var baseInitial: Double
        public var baseConfidenceCharge: Double
        public var depegCharge: Double
        /// The market's contributions to Derive's MM and IM.
        public var maintenance: Double
        public var initial: Double
    }

    public var markets: [Market]
    /// Cash and stable-asset collateral, at face value.
    public var cash: Double
    public var stablePrice: Double
    /// (threshold - stable price) x depegFactor when the stable asset is below its threshold, else 0.
    public var depegMultiplier: Double
    /// Derive's net margins: cash plus every market's contribution (negative: a shortfall).
    public var maintenance: Double
    public var initial: Double
    public var markToMarket: Double
}
