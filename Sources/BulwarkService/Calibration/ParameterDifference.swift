import BulwarkJSON
import RiskCore

/// The members of one parameter set that differ from another, in the shape of
/// `GET /v1/parameters` `parameters`: what a proposal's `changes` must say to turn the first
/// into the second (objects compared member by member, anything else replaced whole).
enum ParameterDifference {
    static func changes(from base: RiskParameters, to target: RiskParameters) -> JSONObject {
        guard case .object(let from) = ParameterRoutes.parametersJSON(base),
              case .object(let to) = ParameterRoutes.parametersJSON(target) else { return JSONObject() }
        return difference(from, to)
    }

    private static func difference(_ from: JSONObject, _ to: JSONObject) -> JSONObject {
        var changes = JSONObject()
        for (key, value) in to {
            guard let old = from[key] else {
                changes[key] = value
                continue
            }
            if case .object(let oldObject) = old, case .object(let newObject) = value {
                let nested = difference(oldObject, newObject)
                if !nested.members.isEmpty { changes[key] = .object(nested) }
            } else if old != value {
                changes[key] = value
            }
        }
        return changes
    }
}
