import Foundation

/// A market path replayed through margin and liquidation (docs/GOVERNANCE.md, "Backtest"):
/// a historical shape here, or a seeded correlated one from `StressModel`.
public struct StressPath: Hashable, Sendable {
    public var name: String
    public var description: String
    public var steps: [StressStep]

    public init(name: String, description: String, steps: [StressStep]) {
        self.name = name
        self.description = description
        self.steps = steps
    }

    /// `count` steps moving geometrically to `spotMove` (−0.4 = −40%) with volatility growing
    /// linearly to `volFactor`.
    public static func ramp(name: String, description: String, spotMove: Double, volFactor: Double, count: Int) -> StressPath {
        let total = log1p(spotMove)
        return StressPath(name: name, description: description, steps: (1...count).map { step in
            let fraction = Double(step) / Double(count)
            return StressStep(spotFactor: exp(total * fraction), volFactor: 1 + (volFactor - 1) * fraction)
        })
    }

    /// The built-in crashes and squeeze, shaped like real ones.
    public static let builtIn: [StressPath] = [
        .ramp(name: "crash-march-2020", description: "-40% over 24 hourly steps, implied volatility doubling (as on 12-13 March 2020)",
              spotMove: -0.40, volFactor: 2.0, count: 24),
        .ramp(name: "crash-may-2021", description: "-30% intraday over 12 steps, implied volatility x1.6 (as on 19 May 2021)",
              spotMove: -0.30, volFactor: 1.6, count: 12),
        .ramp(name: "squeeze", description: "+50% over 12 steps, implied volatility x1.5",
              spotMove: 0.50, volFactor: 1.5, count: 12),
    ]
}
