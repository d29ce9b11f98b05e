import BulwarkJSON

/// The canonical bytes of a JSON value (docs/ATTESTATIONS.md): object keys sorted by their
/// UTF-8 bytes, recursively, no whitespace, numbers in the shortest form that reads back to
/// the same double, strings escaped as JSONWriter escapes them.
///
/// Parameter sets are hashed over JSONEncoder's sorted output instead (`CanonicalForm` in
/// RiskCore, which has no JSON writer of its own): that form names every stored version and
/// cannot change, and on every parameter set it gives these same bytes (a test checks).
enum CanonicalJSON {
    static func encode(_ value: JSONValue) -> [UInt8] {
        JSONWriter.encode(sorted(value))
    }

    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members
                .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .map { ($0.key, sorted($0.value)) }))
        case .array(let elements):
            return .array(elements.map(sorted))
        default:
            return value
        }
    }
}
