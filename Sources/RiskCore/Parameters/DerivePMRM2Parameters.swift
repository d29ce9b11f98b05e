/// Derive's PMRM_2 parameters in Derive's own grouping and keys, so a parameter set can be
/// copied from Derive's configuration unchanged (docs/DERIVE-PMRM2.md).
public struct DerivePMRM2Parameters: Codable, Hashable, Sendable {
    public var scenarios: [DeriveScenario]
    public var volShock: VolShock
    public var margin: Margin
    public var basisContingency: BasisContingency
    public var otherContingency: OtherContingency
    public var skewShock: SkewShock

    enum CodingKeys: String, CodingKey {
        case scenarios = "Scenarios"
        case volShock = "VolShock"
        case margin = "Margin"
        case basisContingency = "BasisContingency"
        case otherContingency = "OtherContingency"
        case skewShock = "SkewShock"
    }

    public init(scenarios: [DeriveScenario], volShock: VolShock, margin: Margin, basisContingency: BasisContingency,
                otherContingency: OtherContingency, skewShock: SkewShock) {
        self.scenarios = scenarios
        self.volShock = volShock
        self.margin = margin
        self.basisContingency = basisContingency
        self.otherContingency = otherContingency
        self.skewShock = skewShock
    }

    /// How a scenario moves volatilities: shocked up or down by term, unchanged, or skewed.
    public enum VolShockDirection: String, Codable, Hashable, Sendable, CaseIterable {
        case up = "Up"
        case down = "Down"
        case none = "None"
        case linear = "LINEAR"
        case abs = "ABS"

        public var isSkew: Bool { self == .linear || self == .abs }
    }

    public struct DeriveScenario: Codable, Hashable, Sendable {
        /// Spot multiplier (1.09 = +9%).
        public var spotShock: Double
        public var volShockDirection: VolShockDirection
        public var dampeningFactor: Double

        enum CodingKeys: String, CodingKey {
            case spotShock = "SpotShock"
            case volShockDirection = "VolShockDirection"
            case dampeningFactor = "DampeningFactor"
        }

        public init(spotShock: Double, volShockDirection: VolShockDirection, dampeningFactor: Double = 1) {
            self.spotShock = spotShock
            self.volShockDirection = volShockDirection
            self.dampeningFactor = dampeningFactor
        }
    }

    public struct VolShock: Codable, Hashable, Sendable {
        public var VOLRANGEUP: Double
        public var MIN_VOL_EVAL_SHOCKED: Double
        public var VOLRANGEDOWN: Double
        public var SHORTTERMPOWER: Double
        public var LONGTERMPOWER: Double
        public var DTE_FLOOR: Double
    }

    public struct Margin: Codable, Hashable, Sendable {
        public var MM_LOSS_FACTOR: Double
        public var IM_LOSS_FACTOR: Double
        public var SHORT_RATE_MULTSCALE: Double
        public var LONG_RATE_MULTSCALE: Double
        public var SHORT_RATE_ADDSCALE: Double
        public var LONG_RATE_ADDSCALE: Double
        public var BASE_STATIC_DISCOUNT: Double
        public var BASE_STATIC_DISCOUNT_NEG: Double
    }

    public struct BasisContingency: Codable, Hashable, Sendable {
        public var SCENARIO_SPOT_UP: Double
        public var SCENARIO_SPOT_DOWN: Double
        public var BASIS_CONT_ADD_FACTOR: Double
        public var BASIS_CONT_MULT_FACTOR: Double
    }

    public struct OtherContingency: Codable, Hashable, Sendable {
        public var PEG_LOSS_THRESHOLD: Double
        public var PEG_LOSS_FACTOR: Double
        public var CONF_THRESHOLD: Double
        public var CONF_MARGIN: Double
        public var MM_PERP_PERCENT: Double
        public var IM_PERP_PERCENT: Double
        public var IM_PERP_PERCENT_NORMAL: Double
        public var MM_OPTION_PERCENT: Double
        public var IM_OPTION_PERCENT: Double
        public var IM_OPTION_PERCENT_NORMAL: Double
    }

    public struct SkewShock: Codable, Hashable, Sendable {
        public var LINEAR_SCALE_CAP: Double
        public var LINEAR_CBASE: Double
        public var ABS_SCALE_CAP: Double
        public var ABS_CBASE: Double
        public var MIN_K_STAR: Double
        public var MIN_WIDTH_SCALE: Double
        public var VOL_PARAM_STATIC: Double
        public var VOL_PARAM_SCALE: Double
    }

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if scenarios.isEmpty { issues.append(ValidationIssue(field: "Scenarios", reason: "must not be empty")) }
        if scenarios.count > 1_000 { issues.append(ValidationIssue(field: "Scenarios", reason: "must have at most 1000 scenarios")) }
        for (index, scenario) in scenarios.enumerated() {
            if !scenario.spotShock.isFinite || scenario.spotShock <= 0 || scenario.spotShock > 100 {
                issues.append(ValidationIssue(field: "Scenarios[\(index)].SpotShock", reason: "must be a spot multiplier above 0 and at most 100"))
            }
            // Derive's own tail tests use factors above 1; only sign and size are checked.
            if !scenario.dampeningFactor.isFinite || scenario.dampeningFactor < 0 || scenario.dampeningFactor > 100 {
                issues.append(ValidationIssue(field: "Scenarios[\(index)].DampeningFactor", reason: "must be between 0 and 100"))
            }
        }
        func check(_ group: String, _ values: [(String, Double)]) {
            for (key, value) in values where !value.isFinite || abs(value) > 1e6 {
                issues.append(ValidationIssue(field: "\(group).\(key)", reason: "must be a finite number"))
            }
        }
        check("VolShock", [("VOLRANGEUP", volShock.VOLRANGEUP), ("MIN_VOL_EVAL_SHOCKED", volShock.MIN_VOL_EVAL_SHOCKED),
                           ("VOLRANGEDOWN", volShock.VOLRANGEDOWN), ("SHORTTERMPOWER", volShock.SHORTTERMPOWER),
                           ("LONGTERMPOWER", volShock.LONGTERMPOWER), ("DTE_FLOOR", volShock.DTE_FLOOR)])
        check("Margin", [("MM_LOSS_FACTOR", margin.MM_LOSS_FACTOR), ("IM_LOSS_FACTOR", margin.IM_LOSS_FACTOR),
                         ("SHORT_RATE_MULTSCALE", margin.SHORT_RATE_MULTSCALE), ("LONG_RATE_MULTSCALE", margin.LONG_RATE_MULTSCALE),
                         ("SHORT_RATE_ADDSCALE", margin.SHORT_RATE_ADDSCALE), ("LONG_RATE_ADDSCALE", margin.LONG_RATE_ADDSCALE),
                         ("BASE_STATIC_DISCOUNT", margin.BASE_STATIC_DISCOUNT), ("BASE_STATIC_DISCOUNT_NEG", margin.BASE_STATIC_DISCOUNT_NEG)])
        check("BasisContingency", [("SCENARIO_SPOT_UP", basisContingency.SCENARIO_SPOT_UP),
                                   ("SCENARIO_SPOT_DOWN", basisContingency.SCENARIO_SPOT_DOWN),
                                   ("BASIS_CONT_ADD_FACTOR", basisContingency.BASIS_CONT_ADD_FACTOR),
                                   ("BASIS_CONT_MULT_FACTOR", basisContingency.BASIS_CONT_MULT_FACTOR)])
        check("OtherContingency", [("PEG_LOSS_THRESHOLD", otherContingency.PEG_LOSS_THRESHOLD),
                                   ("PEG_LOSS_FACTOR", otherContingency.PEG_LOSS_FACTOR), ("CONF_THRESHOLD", otherContingency.CONF_THRESHOLD),
                                   ("CONF_MARGIN", otherContingency.CONF_MARGIN), ("MM_PERP_PERCENT", otherContingency.MM_PERP_PERCENT),
                                   ("IM_PERP_PERCENT", otherContingency.IM_PERP_PERCENT),
                                   ("IM_PERP_PERCENT_NORMAL", otherContingency.IM_PERP_PERCENT_NORMAL),
                                   ("MM_OPTION_PERCENT", otherContingency.MM_OPTION_PERCENT),
                                   ("IM_OPTION_PERCENT", otherContingency.IM_OPTION_PERCENT),
                                   ("IM_OPTION_PERCENT_NORMAL", otherContingency.IM_OPTION_PERCENT_NORMAL)])
        check("SkewShock", [("LINEAR_SCALE_CAP", skewShock.LINEAR_SCALE_CAP), ("LINEAR_CBASE", skewShock.LINEAR_CBASE),
                            ("ABS_SCALE_CAP", skewShock.ABS_SCALE_CAP), ("ABS_CBASE", skewShock.ABS_CBASE),
                            ("MIN_K_STAR", skewShock.MIN_K_STAR), ("MIN_WIDTH_SCALE", skewShock.MIN_WIDTH_SCALE),
                            ("VOL_PARAM_STATIC", skewShock.VOL_PARAM_STATIC), ("VOL_PARAM_SCALE", skewShock.VOL_PARAM_SCALE)])
        return issues
    }
}
