import Foundation
import BulwarkJSON
import HTTPServer
import RiskCore

/// Parses a request body as JSON, refusing media types that are clearly not JSON.
/// curl's default form type is accepted: `curl -d '{...}'` is how scripts post JSON.
enum BodyReading {
    static func json(_ request: HTTPRequest) -> Result<JSONValue, APIError> {
        return document(request).map { $0.read(\.jsonValue) }
    }

    /// The body parsed into a flat document, which decoders read in place (the margin and
    /// scenario routes: a request of thousands of positions makes no tree).
    static func document(_ request: HTTPRequest) -> Result<JSONDocument, APIError> {
        if let error = mediaTypeError(request) { return .failure(error) }
        guard !request.body.isEmpty else { return .failure(.malformedJSON("the request body is empty; send a JSON object")) }
        do {
            return .success(try JSONParser.document(request.body))
        } catch {
            return .failure(.malformedJSON("the body is not valid JSON: \(error.description)"))
        }
    }

    private static func mediaTypeError(_ request: HTTPRequest) -> APIError? {
        guard let header = request.headers["Content-Type"] else { return nil }
        // The usual header, answered without the lower-casing, splitting and trimming below
        // (which cost as much as parsing a small request's body).
        if header == "application/json" { return nil }
        let contentType = header.lowercased()
        let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let accepted = mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json"
            || mediaType == "application/x-www-form-urlencoded" || mediaType == "text/plain" || mediaType.isEmpty
        return accepted ? nil : .unsupportedMediaType("send the body as application/json, not \(mediaType)")
    }

    /// The body as a JSON object with only the `allowed` members (any when nil); unknown members
    /// are named in `reader`.
    static func object(_ request: HTTPRequest, allowed: JSONFieldNames? = nil, _ reader: inout FieldReader) -> Result<JSONObject, APIError> {
        switch json(request) {
        case .failure(let error): return .failure(error)
        case .success(let root): return rootObject(root, allowed: allowed, &reader)
        }
    }

    /// A parsed body that must be a JSON object: the one place a route refuses any other root.
    static func rootObject<V: JSONReadable>(_ root: V, allowed: JSONFieldNames? = nil, _ reader: inout FieldReader) -> Result<V.Object, APIError> {
        guard let object = root.objectValue else {
            return .failure(.invalid([ValidationIssue(field: "", reason: "the body must be a JSON object")]))
        }
        _ = reader.object(root, "", allowed: allowed)
        return .success(object)
    }
}
