/// One thing a calibration may move: a parameter group of one underlying (or of every one)
/// by a factor within `minimum...maximum` (1 = the value in force).
public struct CalibrationScale: Hashable, Sendable {
    public var parameter: ScaledParameter
    /// Nil: every underlying of the parameter set.
    public var underlying: String?
    public var minimum: Double
    public var maximum: Double

    public init(parameter: ScaledParameter, underlying: String? = nil, minimum: Double, maximum: Double) {
        self.parameter = parameter
        self.underlying = underlying
        self.minimum = minimum
        self.maximum = maximum
    }

    /// `parameter` or `parameter:underlying`, as answers name it.
    public var name: String { underlying.map { "\(parameter.rawValue):\($0)" } ?? parameter.rawValue }

    /// `base` with every scale applied at its factor, in order.
    public static func apply(_ scales: [CalibrationScale], factors: [Double], to base: RiskParameters) -> RiskParameters {
        zip(scales, factors).reduce(base) { $1.0.parameter.scaling($0, by: $1.1, underlying: $1.0.underlying) }
    }
}
