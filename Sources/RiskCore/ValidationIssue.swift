/// One invalid input: the field, as a path into the request (`positions[2].strike`), and why.
public struct ValidationIssue: Hashable, Sendable, Error, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// The same issue with its field placed under `prefix` (`positions[2]` + `strike`).
    public func nested(under prefix: String) -> ValidationIssue {
        ValidationIssue(field: field.isEmpty ? prefix : "\(prefix).\(field)", reason: reason)
    }

    public var description: String { "\(field): \(reason)" }
}
