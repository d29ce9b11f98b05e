import HTTPServer
import RiskCore

/// Query parameters read with the same rules on every route: unknown names refused, whole
/// numbers within a range, pages of append-only lists.
enum QueryReading {
    /// Checks that a request names only known query parameters.
    static func unknownIssues(_ request: HTTPRequest, known: [String]) -> [ValidationIssue] {
        request.queryParameters.keys.sorted().filter { !known.contains($0) }.map {
            ValidationIssue(field: $0, reason: "is not a known query parameter; known: \(known.joined(separator: ", "))")
        }
    }

    /// A whole-number query parameter within a range.
    static func integer(_ request: HTTPRequest, _ name: String, range: ClosedRange<Int64>, default fallback: Int64,
                        issues: inout [ValidationIssue]) -> Int64 {
        guard let text = request.queryParameters[name] else { return fallback }
        guard let value = Int64(text), range.contains(value) else {
            issues.append(ValidationIssue(field: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return fallback
        }
        return value
    }

    /// The page of an append-only list a query asks for: entries after the id in `cursor`
    /// (default 0), at most `limit` (1 to 1,000, default 100); query parameters other than
    /// these and `extra` are refused.
    static func page(_ request: HTTPRequest, cursor: String = "after", extra: [String] = [],
                     issues: inout [ValidationIssue]) -> (after: Int64, limit: Int) {
        issues += unknownIssues(request, known: extra + [cursor, "limit"])
        let after = integer(request, cursor, range: 0...Int64.max, default: 0, issues: &issues)
        let limit = integer(request, "limit", range: 1...1_000, default: 100, issues: &issues)
        return (after, Int(limit))
    }
}
