/// The components of a margin figure, by mode.
public enum MarginBreakdown: Hashable, Sendable {
    case isolated(IsolatedBreakdown)
    case cross(CrossBreakdown)
    case portfolio(PortfolioBreakdown)
    case derivePMRM2(DerivePMRM2Breakdown)
    case deribitPM(DeribitPMBreakdown)
    case deriveSRM(DeriveSRMBreakdown)
}

/// Isolated mode: each position's requirement.
public struct IsolatedBreakdown: Hashable, Sendable {
    public var positions: [PositionRequirement]
}

/// The requirement of one position in isolated mode; `index` is its place in the request.
public struct PositionRequirement: Hashable, Sendable {
    public var index: Int
    public var initialMargin: Double
    public var maintenanceMargin: Double
}

/// Cross mode: per underlying, the move and the Greeks charges; the liquidity buffer.
public struct CrossBreakdown: Hashable, Sendable {
    public var underlyings: [CrossUnderlyingBreakdown]
    public var liquidityBuffer: Double
}

public struct CrossUnderlyingBreakdown: Hashable, Sendable {
    public var underlying: String
    public var spot: Double
    /// ATM volatility sigma and where it came from (`market`, `options`, `parameters`).
    public var volatility: Double
    public var volatilitySource: String
    /// m = k sigma sqrt(h / 365), a relative spot move.
    public var move: Double
    public var delta: Double
    public var gamma: Double
    public var deltaRequirement: Double
    public var gammaCharge: Double
    public var vegaBuffer: Double
    public var liquidityBuffer: Double
    /// delta requirement + gamma charge + vega buffer.
    public var requirement: Double
}

/// Portfolio mode: per underlying, every scenario's P&L and the requirement.
public struct PortfolioBreakdown: Hashable, Sendable {
    public var underlyings: [ScenarioUnderlyingBreakdown]
    public var liquidityBuffer: Double
}

public struct ScenarioUnderlyingBreakdown: Hashable, Sendable {
    public var underlying: String
    public var spot: Double
    public var scenarios: [ScenarioResult]
    /// Index into `scenarios` of the worst weighted P&L.
    public var worstScenario: Int
    /// max(0, -worst weighted P&L).
    public var scanLoss: Double
    /// Naked short option size (units) and its floor: naked x S x rate.
    public var nakedShortSize: Double
    public var shortOptionMinimum: Double
    public var liquidityBuffer: Double
    /// max(scan loss, short option minimum).
    public var requirement: Double
}

/// One scenario's P&L: `pnl` is the raw revaluation, `weightedPnl` what counts toward the scan loss.
public struct ScenarioResult: Hashable, Sendable {
    public var scenario: Scenario
    public var pnl: Double
    public var weightedPnl: Double
}
