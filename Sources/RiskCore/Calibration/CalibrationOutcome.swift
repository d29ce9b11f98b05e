/// Where a calibration search ended.
public struct CalibrationOutcome: Hashable, Sendable {
    /// Whether the answer meets the target; when not, `factors` are the best reached (every
    /// scale at its maximum).
    public var met: Bool
    public var factors: [Double]
    /// The backtest of `factors`.
    public var answer: CalibrationTrial
    /// The paths that fail just below the answer: the last failing trial of the search
    /// (empty when every scale's minimum meets the target).
    public var bindingPaths: [String]
    /// Every backtest run, in order (a factor set is never run twice).
    public var trials: [CalibrationTrial]
}
