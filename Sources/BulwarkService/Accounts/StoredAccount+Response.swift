import BulwarkJSON
import HTTPServer
import RiskCore

extension StoredAccount {
    /// The account as the API shows it: id, version, the document, and when it was written.
    var json: JSONValue {
        var object = JSONObject([("id", .string(id)), ("version", .number(Double(version)))])
        if case .object(let members) = document {
            for (key, value) in members { object[key] = value }
        }
        object["updatedAt"] = .string(Timestamp(secondsSinceEpoch: Int64(updatedAt)).iso8601)
        return .object(object)
    }

    /// The account with its ETag.
    func response(status: HTTPStatus = .ok) -> HTTPResponse {
        var response = JSONResponse.make(json, status: status)
        response.headers.add("ETag", etag)
        return response
    }
}
