import HTTPServer
import RiskCore

/// Ids of accounts, API keys, keepers and council members: 1 to 128 of letters, digits, '-',
/// '_', '.', ':', not only dots: URL clients remove "." and ".." path segments, so such an id
/// could never be addressed.
public enum Identifier {
    public static func isValid(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.contains { $0 != 46 } && id.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == 45 || byte == 95 || byte == 46 || byte == 58
        }
    }

    /// What a valid id is, for the problem that rejects one.
    public static let rule = "must be 1 to 128 letters, digits, '-', '_', '.' or ':', not only dots"

    /// The `{id}` of a request's path, or the problem that says what is wrong with it.
    static func path(_ request: HTTPRequest) -> Result<String, APIError> {
        let id = request.pathParameters["id"] ?? ""
        guard isValid(id) else { return .failure(.invalid([ValidationIssue(field: "id", reason: rule)])) }
        return .success(id)
    }
}
