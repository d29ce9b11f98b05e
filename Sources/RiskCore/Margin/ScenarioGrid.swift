/// The shocks a portfolio is revalued under: a regular grid of relative spot x relative
/// volatility moves, and extreme spot moves with volatility up whose losses are weighted.
public struct ScenarioGrid: Hashable, Sendable {
    public var spotShocks: [Double]
    public var volShocks: [Double]
    public var extremeSpotShocks: [Double]
    public var extremeVolShock: Double
    public var extremeWeight: Double

    public init(spotShocks: [Double], volShocks: [Double], extremeSpotShocks: [Double] = [],
                extremeVolShock: Double = 0, extremeWeight: Double = 1) {
        self.spotShocks = spotShocks
        self.volShocks = volShocks
        self.extremeSpotShocks = extremeSpotShocks
        self.extremeVolShock = extremeVolShock
        self.extremeWeight = extremeWeight
    }

    /// Every scenario in order: the regular grid spot-major, then the extremes.
    public var scenarios: [Scenario] {
        var result: [Scenario] = []
        result.reserveCapacity(spotShocks.count * volShocks.count + extremeSpotShocks.count)
        for spot in spotShocks {
            for vol in volShocks {
                result.append(Scenario(spotShock: spot, volShock: vol, weight: 1, isExtreme: false))
            }
        }
        for spot in extremeSpotShocks {
            result.append(Scenario(spotShock: spot, volShock: extremeVolShock, weight: extremeWeight, isExtreme: true))
        }
        return result
    }

    public static let maximumScenarios = 10_000

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if spotShocks.isEmpty { issues.append(ValidationIssue(field: "spotShocks", reason: "must not be empty")) }
        if volShocks.isEmpty { issues.append(ValidationIssue(field: "volShocks", reason: "must not be empty")) }
        if spotShocks.count * max(volShocks.count, 1) + extremeSpotShocks.count > ScenarioGrid.maximumScenarios {
            issues.append(ValidationIssue(field: "spotShocks", reason: "the grid must have at most \(ScenarioGrid.maximumScenarios) scenarios"))
        }
        func spotIssues(_ shocks: [Double], _ name: String) {
            for (index, shock) in shocks.enumerated() where !shock.isFinite || shock <= -1 || shock > 100 {
                issues.append(ValidationIssue(field: "\(name)[\(index)]", reason: "must be a relative move greater than -1 and at most 100"))
            }
        }
        spotIssues(spotShocks, "spotShocks")
        spotIssues(extremeSpotShocks, "extremeSpotShocks")
        for (index, shock) in volShocks.enumerated() where !shock.isFinite || shock <= -1 || shock > 100 {
            issues.append(ValidationIssue(field: "volShocks[\(index)]", reason: "must be a relative move greater than -1 and at most 100"))
        }
        if !extremeVolShock.isFinite || extremeVolShock <= -1 || extremeVolShock > 100 {
            issues.append(ValidationIssue(field: "extremeVolShock", reason: "must be a relative move greater than -1 and at most 100"))
        }
        if !extremeWeight.isFinite || extremeWeight < 0 || extremeWeight > 1 {
            issues.append(ValidationIssue(field: "extremeWeight", reason: "must be between 0 and 1"))
        }
        return issues
    }
}

/// One scenario: spot x (1 + spotShock), every volatility x (1 + volShock); its P&L counts times `weight`.
public struct Scenario: Hashable, Sendable {
    public var spotShock: Double
    public var volShock: Double
    public var weight: Double
    public var isExtreme: Bool

    public init(spotShock: Double, volShock: Double, weight: Double = 1, isExtreme: Bool = false) {
        self.spotShock = spotShock
        self.volShock = volShock
        self.weight = weight
        self.isExtreme = isExtreme
    }
}
