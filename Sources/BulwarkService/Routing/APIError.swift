import BulwarkJSON
import HTTPServer
import RiskCore

/// Every way an API call can fail, each mapped to an RFC 9457 problem with its status.
enum APIError: Error, Sendable {
    /// The body is not JSON (400).
    case malformedJSON(String)
    /// Fields present but unacceptable (422), each named.
    case invalid([ValidationIssue])
    /// A price or volatility the request needs and nobody can give (503), naming the asset.
    case missingMarketData(asset: String, field: String, reason: String)
    case unsupported(field: String, reason: String)
    case notFound(String)
    case unsupportedMediaType(String)
    /// An If-Match or If-None-Match that does not hold (412).
    case preconditionFailed(String)
    /// The account store could not be read or written (503: the client may retry).
    case storage(Error)
    /// No account store is configured.
    case storeUnavailable
    /// The request conflicts with the account's state (409): not liquidatable, liquidations paused.
    case conflict(String)
    /// The service cannot take this request now (503), for a reason it names.
    case unavailable(String)
    /// No valid API key where one is needed (401).
    case unauthorized(String)
    /// A valid key whose role does not permit the route (403).
    case forbidden(String)
    /// Past the key's rate limit (429), with when to retry.
    case tooManyRequests(retryAfter: Double, key: String)

    init(_ error: RiskError) {
        switch error {
        case .invalid(let issues): self = .invalid(issues)
        case .invalidParameters(let issues): self = .invalid(issues.map { $0.nested(under: "methodology.parameters") })
        case .missingMarketData(let asset, let missing, let reason):
            self = .missingMarketData(asset: asset, field: missing.requestField, reason: missing.requestReason(reason, asset: asset))
        case .unsupported(let field, let reason): self = .unsupported(field: field, reason: reason)
        }
    }

    /// The problem document without transport details, for errors reported inside a 200
    /// (a profile of a comparison that cannot margin the portfolio).
    var problemSummary: JSONValue {
        .object(problem.document)
    }

    /// The problem document for this error, `instance` being the request path.
    func response(instance: String) -> HTTPResponse {
        var (status, document) = problem
        document["instance"] = .string(instance)
        var response = HTTPResponse(status: status, body: JSONWriter.encode(.object(document)))
        response.headers.add("Content-Type", "application/problem+json")
        switch self {
        case .missingMarketData, .storage, .storeUnavailable, .unavailable: response.headers.add("Retry-After", "5")
        case .unauthorized: response.headers.add("WWW-Authenticate", "Bearer realm=\"bulwark\"")
        case .tooManyRequests(let retryAfter, _): response.headers.add("Retry-After", String(max(1, Int(retryAfter.rounded(.up)))))
        default: break
        }
        return response
    }

    /// The status and the problem members (RFC 9457) of this error, without `instance`.
    // Long on purpose: one case per kind of error, the table of problem types in one place.
    private var problem: (status: HTTPStatus, document: JSONObject) {
        var problem = JSONObject()
        let status: HTTPStatus
        switch self {
        case .malformedJSON(let detail):
            status = .badRequest
            problem["type"] = .string(ProblemType.malformedJSON)
            problem["title"] = .string("Malformed JSON")
            problem["detail"] = .string(detail)
        case .invalid(let issues):
            status = .unprocessableContent
            problem["type"] = .string(ProblemType.invalidFields)
            problem["title"] = .string("Invalid fields")
            let first = issues.first.map { "\($0.field.isEmpty ? "body" : $0.field) \($0.reason)" } ?? "invalid request"
            problem["detail"] = .string(issues.count <= 1 ? first : "\(first) (and \(issues.count - 1) more)")
            problem["errors"] = .array(issues.map { .object(JSONObject([("field", .string($0.field)), ("reason", .string($0.reason))])) })
        case .missingMarketData(let asset, let field, let reason):
            status = .serviceUnavailable
            problem["type"] = .string(ProblemType.missingMarketData)
            problem["title"] = .string("Market data unavailable")
            problem["detail"] = .string("\(reason); send it in the request (\(field)) or retry when the venue or the feeds have it")
            problem["asset"] = .string(asset)
            problem["field"] = .string(field)
        case .unsupported(let field, let reason):
            status = .unprocessableContent
            problem["type"] = .string(ProblemType.unsupported)
            problem["title"] = .string("Unsupported request")
            problem["detail"] = .string(reason)
            problem["errors"] = .array([.object(JSONObject([("field", .string(field)), ("reason", .string(reason))]))])
        case .notFound(let detail):
            status = .notFound
            problem["type"] = .string(ProblemType.notFound)
            problem["title"] = .string("Not found")
            problem["detail"] = .string(detail)
        case .preconditionFailed(let detail):
            status = .preconditionFailed
            problem["type"] = .string(ProblemType.preconditionFailed)
            problem["title"] = .string("Precondition failed")
            problem["detail"] = .string(detail)
        case .storage(let error):
            status = .serviceUnavailable
            problem["type"] = .string(ProblemType.storage)
            problem["title"] = .string("Storage unavailable")
            problem["detail"] = .string("the account store failed: \(error); nothing was written, retry")
        case .storeUnavailable:
            status = .serviceUnavailable
            problem["type"] = .string(ProblemType.storage)
            problem["title"] = .string("Storage unavailable")
            problem["detail"] = .string("this service runs without an account store")
        case .conflict(let detail):
            status = .conflict
            problem["type"] = .string(ProblemType.conflict)
            problem["title"] = .string("Conflict")
            problem["detail"] = .string(detail)
        case .unavailable(let detail):
            status = .serviceUnavailable
            problem["type"] = .string(ProblemType.unavailable)
            problem["title"] = .string("Service unavailable")
            problem["detail"] = .string(detail)
        case .unauthorized(let detail):
            status = .unauthorized
            problem["type"] = .string(ProblemType.unauthorized)
            problem["title"] = .string("Unauthorized")
            problem["detail"] = .string(detail)
        case .forbidden(let detail):
            status = .forbidden
            problem["type"] = .string(ProblemType.forbidden)
            problem["title"] = .string("Forbidden")
            problem["detail"] = .string(detail)
        case .tooManyRequests(let retryAfter, let key):
            status = .tooManyRequests
            problem["type"] = .string(ProblemType.rateLimited)
            problem["title"] = .string("Too many requests")
            problem["detail"] = .string("key '\(key)' is over its rate limit; retry in \(max(1, Int(retryAfter.rounded(.up)))) s")
        case .unsupportedMediaType(let detail):
            status = .unsupportedMediaType
            problem["type"] = .string(ProblemType.unsupportedMediaType)
            problem["title"] = .string("Unsupported media type")
            problem["detail"] = .string(detail)
        }
        problem["status"] = .number(Double(status.rawValue))
        return (status, problem)
    }
}

/// The `type` URIs of Bulwark's problem documents (docs/API.md lists them).
enum ProblemType {
    static let malformedJSON = "urn:bulwark:problem:malformed-json"
    static let invalidFields = "urn:bulwark:problem:invalid-fields"
    static let missingMarketData = "urn:bulwark:problem:market-data-unavailable"
    static let unsupported = "urn:bulwark:problem:unsupported"
    static let notFound = "urn:bulwark:problem:not-found"
    static let unsupportedMediaType = "urn:bulwark:problem:unsupported-media-type"
    static let preconditionFailed = "urn:bulwark:problem:precondition-failed"
    static let storage = "urn:bulwark:problem:storage-unavailable"
    static let conflict = "urn:bulwark:problem:conflict"
    static let unavailable = "urn:bulwark:problem:unavailable"
    static let unauthorized = "urn:bulwark:problem:unauthorized"
    static let forbidden = "urn:bulwark:problem:forbidden"
    static let rateLimited = "urn:bulwark:problem:rate-limited"
}
