import BulwarkJSON
import RiskCore

/// Reads typed fields out of parsed JSON (a stored tree or a request's flat document, the same
/// way) and collects every problem with its path, so one 422 names all of them.
///
/// Numbers may come as JSON numbers or as decimal strings (`"60000.5"`), as exchange
/// backends often send them; an empty string is an error, never a zero.
struct FieldReader {
    private(set) var issues: [ValidationIssue] = []

    mutating func fail(_ field: String, _ reason: String) {
        issues.append(ValidationIssue(field: field, reason: reason))
    }

    /// The object at `field`, refusing members not in `allowed` (a misspelt field must not be silently ignored).
    mutating func object<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, allowed: JSONFieldNames? = nil) -> V.Object? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else {
            fail(field(), "must be an object, not \(value.typeName)")
            return nil
        }
        if let allowed {
            for key in object.unknownKeys(allowed) {
                let path = field()
                fail(path.isEmpty ? key : "\(path).\(key)", "is not a known field; known: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        return object
    }

    /// An object standing in a list or under a key of a map: there null is refused, not
    /// skipped (a null position or fill must not vanish from the request).
    mutating func element<V: JSONReadable>(_ value: V, _ field: @autoclosure () -> String, allowed: JSONFieldNames? = nil) -> V.Object? {
        guard !value.isNull else {
            fail(field(), "must be an object, not null")
            return nil
        }
        return object(value, field(), allowed: allowed)
    }

    mutating func array<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, maxCount: Int) -> [V]? {
        guard let value, !value.isNull else { return nil }
        guard let elements = value.arrayValue else {
            fail(field(), "must be an array, not \(value.typeName)")
            return nil
        }
        guard elements.count <= maxCount else {
            fail(field(), "must have at most \(maxCount) elements")
            return nil
        }
        return elements
    }

    mutating func number<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String) -> Double? {
        guard let value, !value.isNull else { return nil }
        if let number = value.numberValue { return number }
        guard let text = value.stringValue else {
            fail(field(), "must be a number, not \(value.typeName)")
            return nil
        }
        guard !text.isEmpty else {
            fail(field(), "must be a number; an empty string is not zero")
            return nil
        }
        guard let number = JSONDecimal.parse(text) else {
            fail(field(), "must be a number or a decimal string like \"60000.5\"")
            return nil
        }
        return number
    }

    /// A number that `valid` accepts; any other is recorded with `reason` and read as absent.
    mutating func number<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, reason: String, valid: (Double) -> Bool) -> Double? {
        guard let number = number(value, field()) else { return nil }
        guard valid(number) else {
            fail(field(), reason)
            return nil
        }
        return number
    }

    /// Whether a required value is absent or null, recorded as "is required" (with `hint`, what to send).
    private mutating func missing<V: JSONReadable>(_ value: V?, _ field: () -> String, hint: String?) -> Bool {
        guard value?.isNull ?? true else { return false }
        fail(field(), hint.map { "is required: \($0)" } ?? "is required")
        return true
    }

    mutating func requiredNumber<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, hint: String? = nil) -> Double? {
        missing(value, field, hint: hint) ? nil : number(value, field())
    }

    mutating func string<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            fail(field(), "must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func requiredString<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, hint: String? = nil) -> String? {
        missing(value, field, hint: hint) ? nil : string(value, field())
    }

    mutating func requiredObject<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, hint: String? = nil) -> V.Object? {
        missing(value, field, hint: hint) ? nil : object(value, field())
    }

    mutating func bool<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            fail(field(), "must be true or false, not \(value.typeName)")
            return nil
        }
        return flag
    }

    mutating func timestamp<V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String) -> Timestamp? {
        guard let value, !value.isNull else { return nil }
        guard let parsed = value.withStringBytes({ Timestamp(iso8601Bytes: $0) }) else {
            fail(field(), "must be a string, not \(value.typeName)")
            return nil
        }
        guard let timestamp = parsed else {
            fail(field(), "must be an ISO-8601 date-time like 2026-03-27T08:00:00Z")
            return nil
        }
        return timestamp
    }

    mutating func oneOf<T: RawRepresentable, V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, _ type: T.Type) -> T?
    where T: CaseIterable, T.RawValue == String {
        guard let text = string(value, field()) else { return nil }
        guard let result = T(rawValue: text) else {
            fail(field(), "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return result
    }

    mutating func requiredOneOf<T: RawRepresentable, V: JSONReadable>(_ value: V?, _ field: @autoclosure () -> String, _ type: T.Type,
                                                     hint: String? = nil) -> T? where T: CaseIterable, T.RawValue == String {
        missing(value, field, hint: hint) ? nil : oneOf(value, field(), type)
    }
}
