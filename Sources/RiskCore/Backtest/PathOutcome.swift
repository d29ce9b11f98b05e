/// What one parameter set lets happen to a book along one stress path.
public struct PathOutcome: Hashable, Sendable {
    /// Accounts that reached liquidation at some step.
    public var liquidated = 0
    /// Accounts whose equity went below zero.
    public var insolvent = 0
    /// Losses beyond the insolvent accounts' assets, after closing them out.
    public var shortfall = 0.0
    /// Penalties the insurance fund received along the path.
    public var penaltiesToFund = 0.0
    /// Accounts whose liquidation the market's depth held back at some step.
    public var depthLimited = 0
    /// Accounts that could not be margined at some step (skipped).
    public var unpriced = 0

    public init() {}

    /// What the insurance fund (`fund` at the start, plus the path's penalties) cannot cover.
    public func shortfallBeyond(fund: Double) -> Double {
        max(0, shortfall - fund - penaltiesToFund)
    }
}
