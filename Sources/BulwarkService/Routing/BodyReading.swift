import Foundation
import BulwarkJSON
import HTTPServer
import RiskCore

/// Parses a request body as JSON, refusing media types that are clearly not JSON.
/// curl's default form type is accepted: `curl -d '{...}'` is how scripts post JSON.
enum BodyReading {
    static func json(_ request: HTTPRequest) -> Result<JSONValue, APIError> {
        if let contentType = request.headers["Content-Type"]?.lowercased() {
            let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            let accepted = mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json"
                || mediaType == "application/x-www-form-urlencoded" || mediaType == "text/plain" || mediaType.isEmpty
            guard accepted else {
                return .failure(.unsupportedMediaType("send the body as application/json, not \(mediaType)"))
            }
        }
        guard !request.body.isEmpty else { return .failure(.malformedJSON("the request body is empty; send a JSON object")) }
        do {
            return .success(try JSONParser.parse(request.body))
        } catch {
            return .failure(.malformedJSON("the body is not valid JSON: \(error.description)"))
        }
    }

    /// The body as a JSON object with only the `allowed` members (any when nil); unknown members
    /// are named in `reader`.
    static func object(_ request: HTTPRequest, allowed: Set<String>? = nil, _ reader: inout FieldReader) -> Result<JSONObject, APIError> {
        switch json(request) {
        case .failure(let error): return .failure(error)
        case .success(let root): return object(root, allowed: allowed, &reader)
        }
    }

    /// A parsed body that must be a JSON object: the one place a route refuses any other root.
    static func object(_ root: JSONValue, allowed: Set<String>? = nil, _ reader: inout FieldReader) -> Result<JSONObject, APIError> {
        guard case .object = root else {
            return .failure(.invalid([ValidationIssue(field: "", reason: "the body must be a JSON object")]))
        }
        return .success(reader.object(root, "", allowed: allowed) ?? JSONObject())
    }
}
