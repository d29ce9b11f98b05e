/// One backtest the calibration ran: the factors tried and what they gave.
public struct CalibrationTrial: Hashable, Sendable {
    public var factors: [Double]
    public var met: Bool
    /// The paths that missed the target.
    public var failingPaths: [String]
    /// Summed over every path.
    public var shortfallBeyondFund: Double
    /// Book maintenance margin / gross notional under these factors.
    public var capitalEfficiency: Double?

    public init(factors: [Double], met: Bool, failingPaths: [String], shortfallBeyondFund: Double, capitalEfficiency: Double?) {
        self.factors = factors
        self.met = met
        self.failingPaths = failingPaths
        self.shortfallBeyondFund = shortfallBeyondFund
        self.capitalEfficiency = capitalEfficiency
    }
}
