import BulwarkJSON
import Foundation
import RiskCore

/// Applies a request's partial `methodology.parameters` onto a full parameter set:
/// objects merge member by member, anything else replaces. A member the parameter set
/// doesn't have is refused by name (except new entries of the keyed maps: underlyings,
/// collateral assets, correlations). A new underlying may name another in `inherits`: it
/// starts from that one's parameters, and its own members override them.
enum ParameterOverrides {
    static let openMaps: Set<String> = ["underlyings", "assets", "correlations", "markets", "currency_pair", "currency"]

    /// - Parameter path: where the overrides sit in the caller's document, for error fields.
    static func apply(_ overrides: JSONObject, to base: RiskParameters,
                      path: String = "methodology.parameters") -> Result<RiskParameters, RiskError> {
        apply(overrides, to: base, path: path) { $0.validationIssues() }
    }

    /// The same for any parameter set that encodes to JSON and says what is wrong with it.
    static func apply<Parameters: Codable>(_ overrides: JSONObject, to base: Parameters, path: String,
                                           validate: (Parameters) -> [ValidationIssue]) -> Result<Parameters, RiskError> {
        guard let baseJSON = try? JSONParser.parse(Array(CanonicalForm.json(base))), case .object(let baseObject) = baseJSON else {
            return .failure(.unsupported(field: path, reason: "parameters could not be read"))
        }
        var issues: [ValidationIssue] = []
        let merged = merge(baseObject, overrides, path: path, parentKey: "", issues: &issues)
        guard issues.isEmpty else { return .failure(.invalid(issues)) }
        let bytes = JSONWriter.encode(.object(merged))
        do {
            let parameters = try JSONDecoder().decode(Parameters.self, from: Data(bytes))
            let valueIssues = validate(parameters)
            guard valueIssues.isEmpty else { return .failure(.invalid(valueIssues.map { $0.nested(under: path) })) }
            return .success(parameters)
        } catch let error as DecodingError {
            return .failure(.invalid([describe(error, path: path)]))
        } catch {
            return .failure(.invalid([ValidationIssue(field: path, reason: "could not be read")]))
        }
    }

    private static func merge(_ base: JSONObject, _ overrides: JSONObject, path: String, parentKey: String,
                              issues: inout [ValidationIssue]) -> JSONObject {
        var result = base
        for (key, value) in overrides {
            let field = "\(path).\(key)"
            guard let existing = base[key] else {
                if parentKey == "underlyings", case .object(var entry) = value, let template = entry["inherits"] {
                    // A new underlying listed from a template: the named one's parameters,
                    // with this entry's members merged over them as for any override.
                    guard case .string(let name) = template, case .object(let inherited)? = base[name] else {
                        issues.append(ValidationIssue(field: "\(field).inherits",
                                                      reason: "must name a listed underlying; known: \(base.keys.sorted().joined(separator: ", "))"))
                        continue
                    }
                    entry["inherits"] = nil
                    result[key] = .object(merge(inherited, entry, path: field, parentKey: key, issues: &issues))
                } else if openMaps.contains(parentKey) {
                    result[key] = value
                } else {
                    issues.append(ValidationIssue(field: field, reason: "is not a parameter; known: \(base.keys.sorted().joined(separator: ", "))"))
                }
                continue
            }
            if case .object(let baseChild) = existing, case .object(let overrideChild) = value {
                result[key] = .object(merge(baseChild, overrideChild, path: field, parentKey: key, issues: &issues))
            } else {
                result[key] = value
            }
        }
        return result
    }

    private static func describe(_ error: DecodingError, path root: String) -> ValidationIssue {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.reduce(root) { partial, key in
                if let index = key.intValue { return "\(partial)[\(index)]" }
                return "\(partial).\(key.stringValue)"
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ValidationIssue(field: path(context), reason: "must be \(type == Double.self ? "a number" : "\(type)")")
        case .valueNotFound(_, let context):
            return ValidationIssue(field: path(context), reason: "is required")
        case .keyNotFound(let key, let context):
            return ValidationIssue(field: "\(path(context)).\(key.stringValue)", reason: "is required")
        case .dataCorrupted(let context):
            return ValidationIssue(field: path(context), reason: "is not valid")
        @unknown default:
            return ValidationIssue(field: root, reason: "is not valid")
        }
    }
}
