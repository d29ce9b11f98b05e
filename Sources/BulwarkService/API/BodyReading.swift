import Foundation
import BulwarkJSON
import HTTPServer

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
}
