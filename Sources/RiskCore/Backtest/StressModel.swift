import Foundation

/// The seeded stress paths (docs/CALIBRATION.md, "Stress paths"): every underlying follows
/// its own jump-diffusion, the diffusions and the jump sizes correlated through one matrix,
/// jumps arriving together (a crash hits every coin at once, each by its own size).
public struct StressModel: Codable, Hashable, Sendable {
    public var underlyings: [String: UnderlyingDynamics]
    /// The dynamics of an underlying without its own entry.
    public var otherUnderlyings: UnderlyingDynamics
    /// Pairwise correlations of log returns, keyed `"BTC/ETH"` (either order).
    public var correlations: [String: Double]
    /// The correlation of a pair without its own entry.
    public var otherCorrelation: Double
    /// Hourly steps per path.
    public var steps: Int = 24

    public init(underlyings: [String: UnderlyingDynamics], otherUnderlyings: UnderlyingDynamics,
                correlations: [String: Double], otherCorrelation: Double) {
        self.underlyings = underlyings
        self.otherUnderlyings = otherUnderlyings
        self.correlations = correlations
        self.otherCorrelation = otherCorrelation
    }

    /// BTC as the single-coin paths had it (80%, 0.5 jumps a day of N(-5%, 8%)); ETH and SOL
    /// more volatile with deeper jumps; correlations of daily returns over 2021-2024 rounded
    /// (docs/CALIBRATION.md gives the sources).
    public static let defaults = StressModel(
        underlyings: [
            "BTC": UnderlyingDynamics(annualVolatility: 0.80, jumpsPerDay: 0.5, jumpMean: -0.05, jumpVolatility: 0.08),
            "ETH": UnderlyingDynamics(annualVolatility: 0.95, jumpsPerDay: 0.5, jumpMean: -0.06, jumpVolatility: 0.10),
            "SOL": UnderlyingDynamics(annualVolatility: 1.20, jumpsPerDay: 0.5, jumpMean: -0.08, jumpVolatility: 0.12),
        ],
        otherUnderlyings: UnderlyingDynamics(annualVolatility: 1.00, jumpsPerDay: 0.5, jumpMean: -0.06, jumpVolatility: 0.10),
        correlations: ["BTC/ETH": 0.80, "BTC/SOL": 0.70, "ETH/SOL": 0.75],
        otherCorrelation: 0.60)

    public func dynamics(of underlying: String) -> UnderlyingDynamics {
        underlyings[underlying] ?? otherUnderlyings
    }

    public func correlation(_ first: String, _ second: String) -> Double {
        if first == second { return 1 }
        return correlations["\(first)/\(second)"] ?? correlations["\(second)/\(first)"] ?? otherCorrelation
    }

    public func matrix(of names: [String]) -> CorrelationMatrix {
        CorrelationMatrix(names: names, values: names.map { row in names.map { correlation(row, $0) } })
    }

    public func validationIssues() -> [ValidationIssue] {
        var issues = underlyings.sorted { $0.key < $1.key }.flatMap { name, dynamics in
            dynamics.validationIssues().map { $0.nested(under: "underlyings.\(name)") }
        }
        issues += otherUnderlyings.validationIssues().map { $0.nested(under: "otherUnderlyings") }
        for (pair, value) in correlations.sorted(by: { $0.key < $1.key }) {
            let names = pair.split(separator: "/", omittingEmptySubsequences: false)
            if names.count != 2 || names[0] == names[1] || !names.allSatisfy({ Instrument.isValidUnderlying(String($0)) }) {
                issues.append(ValidationIssue(field: "correlations.\(pair)", reason: "must name two different underlyings as \"BTC/ETH\""))
            } else if !(value > -1 && value < 1) {
                issues.append(ValidationIssue(field: "correlations.\(pair)", reason: "must be greater than -1 and less than 1"))
            }
        }
        if !(otherCorrelation > -1 && otherCorrelation < 1) {
            issues.append(ValidationIssue(field: "otherCorrelation", reason: "must be greater than -1 and less than 1"))
        }
        if !(1...1_000).contains(steps) {
            issues.append(ValidationIssue(field: "steps", reason: "must be from 1 to 1000"))
        }
        return issues
    }

    /// `count` paths over `names` (sorted, so a path does not depend on the order given).
    /// Per step, from one SplitMix64 stream: a normal per underlying for the diffusion, one
    /// uniform for the jump arrival (underlying i jumps when it is below i's hourly jump
    /// probability), a normal per underlying for the jump sizes.
    /// - Throws: `RiskError.invalidParameters` naming `correlations` when the matrix over these underlyings is not positive definite.
    public func paths(for names: [String], seed: UInt64, count: Int) throws(RiskError) -> [StressPath] {
        let names = Array(Set(names)).sorted()
        guard let factor = matrix(of: names).cholesky() else {
            throw .invalidParameters([ValidationIssue(field: "correlations",
                                                      reason: "are not a correlation matrix over \(names.joined(separator: ", ")): they must be positive definite")])
        }
        let dt = 1.0 / (365 * 24)
        let dynamics = names.map(dynamics(of:))
        var random = SeededRandom(seed: seed)
        func correlated() -> [Double] {
            let independent = names.map { _ in random.normal() }
            return factor.map { row in zip(row, independent).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        return (0..<count).map { index in
            var logReturns = Array(repeating: 0.0, count: names.count)
            var path: [StressStep] = []
            for _ in 0..<steps {
                let diffusion = correlated()
                let arrival = random.uniform()
                let jumps = correlated()
                var moves: [String: StressMove] = [:]
                for (slot, name) in names.enumerated() {
                    let model = dynamics[slot]
                    let sigma = model.annualVolatility * dt.squareRoot()
                    logReturns[slot] += -0.5 * sigma * sigma + sigma * diffusion[slot]
                    if arrival < model.jumpsPerDay / 24 { logReturns[slot] += model.jumpMean + model.jumpVolatility * jumps[slot] }
                    moves[name] = StressMove(spotFactor: exp(logReturns[slot]),
                                             volFactor: min(model.volCap, max(model.volFloor, exp(-model.volSensitivity * logReturns[slot]))))
                }
                path.append(StressStep(spotFactor: 1, volFactor: 1, underlyings: moves))
            }
            return StressPath(name: "jump-diffusion-\(index + 1)",
                              description: "seeded correlated jump-diffusion path \(index + 1) of \(count) (seed \(seed))", steps: path)
        }
    }
}
