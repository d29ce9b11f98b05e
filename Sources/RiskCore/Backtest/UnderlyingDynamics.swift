/// How one underlying moves on a seeded stress path (docs/CALIBRATION.md, "Stress paths"):
/// a diffusion at `annualVolatility` with jumps of log size N(`jumpMean`, `jumpVolatility`)
/// arriving `jumpsPerDay`, implied volatility rising as the price falls.
public struct UnderlyingDynamics: Codable, Hashable, Sendable {
    public var annualVolatility: Double
    public var jumpsPerDay: Double
    public var jumpMean: Double
    public var jumpVolatility: Double
    /// Implied volatility x exp(-volSensitivity x log return), within `volFloor` to `volCap`.
    public var volSensitivity: Double = 1.5
    public var volFloor: Double = 0.7
    public var volCap: Double = 3

    public init(annualVolatility: Double, jumpsPerDay: Double, jumpMean: Double, jumpVolatility: Double) {
        self.annualVolatility = annualVolatility
        self.jumpsPerDay = jumpsPerDay
        self.jumpMean = jumpMean
        self.jumpVolatility = jumpVolatility
    }

    private enum CodingKeys: String, CodingKey {
        case annualVolatility, jumpsPerDay, jumpMean, jumpVolatility, volSensitivity, volFloor, volCap
    }

    /// A new underlying's dynamics may leave the volatility response at its defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        annualVolatility = try container.decode(Double.self, forKey: .annualVolatility)
        jumpsPerDay = try container.decode(Double.self, forKey: .jumpsPerDay)
        jumpMean = try container.decode(Double.self, forKey: .jumpMean)
        jumpVolatility = try container.decode(Double.self, forKey: .jumpVolatility)
        volSensitivity = try container.decodeIfPresent(Double.self, forKey: .volSensitivity) ?? volSensitivity
        volFloor = try container.decodeIfPresent(Double.self, forKey: .volFloor) ?? volFloor
        volCap = try container.decodeIfPresent(Double.self, forKey: .volCap) ?? volCap
    }

    public func validationIssues() -> [ValidationIssue] {
        var issues = [
            ParameterCheck.positive(annualVolatility, "annualVolatility", maximum: 20),
            ParameterCheck.rate(jumpVolatility, "jumpVolatility", maximum: 5),
            ParameterCheck.rate(volSensitivity, "volSensitivity", maximum: 20),
            ParameterCheck.positive(volFloor, "volFloor", maximum: 1),
        ].compactMap { $0 }
        if !(jumpsPerDay >= 0 && jumpsPerDay <= 24) {
            issues.append(ValidationIssue(field: "jumpsPerDay", reason: "must be from 0 to 24 (at most one jump an hour)"))
        }
        if !(jumpMean >= -5 && jumpMean <= 5) {
            issues.append(ValidationIssue(field: "jumpMean", reason: "must be a log size from -5 to 5"))
        }
        if !(volCap >= 1 && volCap <= 100) {
            issues.append(ValidationIssue(field: "volCap", reason: "must be from 1 to 100"))
        }
        return issues
    }
}
