import BulwarkJSON
import RiskCore

/// What a risk team asks of a calibration (docs/CALIBRATION.md): the target, the paths, what
/// may move and how finely the search looks.
struct CalibrationRequest: Sendable {
    var target: CalibrationTarget
    /// Seeded correlated paths beside the historical ones, and their seed.
    var seededPaths: Int
    var seed: UInt64
    var search: CalibrationSearch

    static let maximumSeededPaths = 10_000
    static let maximumScales = 32

    /// The request in the shape it was read, every default filled in: stored and echoed.
    var json: JSONValue {
        .object([
            "target": .object([
                "maximumShortfallBeyondFund": .number(target.maximumShortfallBeyondFund),
                "insuranceFund": .number(target.insuranceFund),
                "seededPathShare": .number(target.seededPathShare),
            ]),
            "paths": .object(["seeded": .number(Double(seededPaths)), "seed": .number(Double(seed))]),
            "scales": .array(search.scales.map { scale in
                .object([
                    "parameter": .string(scale.parameter.rawValue),
                    "underlying": scale.underlying.map(JSONValue.string),
                    "minimum": .number(scale.minimum),
                    "maximum": .number(scale.maximum),
                ])
            }),
            "search": .object(["bisectionSteps": .number(Double(search.bisectionSteps)), "sweeps": .number(Double(search.sweeps))]),
        ])
    }

    /// Reads a body; `fund` and the path defaults come from the service, `parameters` are the
    /// set in force (an underlying must be listed; every scale's bounds must give a valid set).
    static func read(_ body: JSONObject, fund: Double, seededPaths defaultPaths: Int, seed defaultSeed: UInt64,
                     parameters: RiskParameters, _ reader: inout FieldReader) -> CalibrationRequest? {
        func whole(_ range: ClosedRange<Double>) -> (Double) -> Bool { { range.contains($0) && $0 == $0.rounded() } }
        var target = CalibrationTarget(insuranceFund: fund)
        if let object = reader.object(body["target"], "target", allowed: ["maximumShortfallBeyondFund", "insuranceFund", "seededPathShare"]) {
            target.maximumShortfallBeyondFund = reader.number(object["maximumShortfallBeyondFund"], "target.maximumShortfallBeyondFund",
                                                              reason: "must be from 0 to 1e15 (quote currency per path)",
                                                              valid: { (0...1e15).contains($0) }) ?? target.maximumShortfallBeyondFund
            target.insuranceFund = reader.number(object["insuranceFund"], "target.insuranceFund",
                                                 reason: "must be from 0 to 1e15 (the fund assumed at each path's start)",
                                                 valid: { (0...1e15).contains($0) }) ?? target.insuranceFund
            target.seededPathShare = reader.number(object["seededPathShare"], "target.seededPathShare",
                                                   reason: "must be from 0 to 1 (the share of seeded paths that must meet the target)",
                                                   valid: { (0...1).contains($0) }) ?? target.seededPathShare
        }
        var seededPaths = defaultPaths
        var seed = defaultSeed
        if let object = reader.object(body["paths"], "paths", allowed: ["seeded", "seed"]) {
            seededPaths = reader.number(object["seeded"], "paths.seeded", reason: "must be a whole number from 0 to \(maximumSeededPaths)",
                                        valid: whole(0...Double(maximumSeededPaths))).map { Int($0) } ?? seededPaths
            seed = reader.number(object["seed"], "paths.seed", reason: "must be a whole number from 0 to 2^53",
                                 valid: whole(0...9_007_199_254_740_992)).map { UInt64($0) } ?? seed
        }
        var search = CalibrationSearch(scales: [])
        if let object = reader.object(body["search"], "search", allowed: ["bisectionSteps", "sweeps"]) {
            search.bisectionSteps = reader.number(object["bisectionSteps"], "search.bisectionSteps", reason: "must be a whole number from 1 to 20",
                                                  valid: whole(1...20)).map { Int($0) } ?? search.bisectionSteps
            search.sweeps = reader.number(object["sweeps"], "search.sweeps", reason: "must be a whole number from 0 to 10",
                                          valid: whole(0...10)).map { Int($0) } ?? search.sweeps
        }
        let scales = reader.array(body["scales"], "scales", maxCount: maximumScales)
        if body["scales"] == nil || body["scales"] == .null || scales?.isEmpty == true {
            reader.fail("scales", "is required: at least one {\"parameter\", \"underlying\", \"minimum\", \"maximum\"}; parameters: "
                        + ScaledParameter.allCases.map(\.rawValue).joined(separator: ", "))
        }
        for (index, element) in (scales ?? []).enumerated() {
            if let scale = readScale(element, "scales[\(index)]", parameters: parameters, &reader) {
                if search.scales.contains(where: { $0.parameter == scale.parameter && ($0.underlying == nil || scale.underlying == nil || $0.underlying == scale.underlying) }) {
                    reader.fail("scales[\(index)]", "moves \(scale.name), which an earlier scale already moves")
                } else {
                    search.scales.append(scale)
                }
            }
        }
        guard reader.issues.isEmpty else { return nil }
        return CalibrationRequest(target: target, seededPaths: seededPaths, seed: seed, search: search)
    }

    private static func readScale(_ element: JSONValue, _ field: String, parameters: RiskParameters,
                                  _ reader: inout FieldReader) -> CalibrationScale? {
        guard let object = reader.element(element, field, allowed: ["parameter", "underlying", "minimum", "maximum"]) else { return nil }
        let name = reader.requiredString(object["parameter"], "\(field).parameter", hint: ScaledParameter.allCases.map(\.rawValue).joined(separator: ", "))
        let underlying = reader.string(object["underlying"], "\(field).underlying")
        let minimum = reader.requiredNumber(object["minimum"], "\(field).minimum", hint: "the lowest scale factor (1 = the value in force)")
        let maximum = reader.requiredNumber(object["maximum"], "\(field).maximum", hint: "the highest scale factor (1 = the value in force)")
        var valid = minimum != nil && maximum != nil
        let parameter = name.flatMap(ScaledParameter.init(rawValue:))
        if let name, parameter == nil {
            reader.fail("\(field).parameter", "'\(name)' is not a scaled parameter; known: \(ScaledParameter.allCases.map(\.rawValue).joined(separator: ", "))")
            valid = false
        }
        if let underlying {
            if parameter == .initialMarginFactor {
                reader.fail("\(field).underlying", "must be absent: initialMarginFactor is account-wide")
                valid = false
            } else if parameters.underlyings[underlying] == nil {
                reader.fail("\(field).underlying", "'\(underlying)' is not listed; known: \(parameters.underlyings.keys.sorted().joined(separator: ", "))")
                valid = false
            }
        }
        if let minimum, !(minimum > 0 && minimum <= 100) {
            reader.fail("\(field).minimum", "must be more than 0 and at most 100")
            valid = false
        }
        if let maximum, !(maximum > 0 && maximum <= 100) {
            reader.fail("\(field).maximum", "must be more than 0 and at most 100")
            valid = false
        } else if let minimum, let maximum, maximum < minimum {
            reader.fail("\(field).maximum", "must be at least the minimum (\(minimum))")
            valid = false
        }
        guard valid, let parameter, let minimum, let maximum else { return nil }
        let scale = CalibrationScale(parameter: parameter, underlying: underlying, minimum: minimum, maximum: maximum)
        // Each bound must give a valid set (a spot shock past -100%, a rate above 1, IM below MM).
        for (bound, factor) in [("minimum", minimum), ("maximum", maximum)] {
            if let issue = CalibrationScale.apply([scale], factors: [factor], to: parameters).validationIssues().first {
                reader.fail("\(field).\(bound)", "gives \(issue.field) that \(issue.reason)")
                return nil
            }
        }
        return scale
    }
}
