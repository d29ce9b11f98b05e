/// Maps method and path to a handler; path segments in braces (`/v1/accounts/{id}`) capture.
///
/// Empty segments are kept and never bind a parameter. A path without a route is 404; a path with routes for other methods is 405 with
/// `Allow`; HEAD is served by the GET route (the encoder drops the body); OPTIONS
/// answers with `Allow`.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public struct Route: Sendable {
        public var method: HTTPMethod
        public var pattern: String
        let segments: [Segment]
        let handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    public private(set) var routes: [Route] = []

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = Router.split(pattern).map { segment -> Segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? .parameter(String(segment.dropFirst().dropLast())) : .literal(segment)
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    /// The route and path parameters for a request, or the response that says why there is none.
    public func match(_ request: HTTPRequest) -> Result<(Route, [String: String]), HTTPResponseBox> {
        guard let segments = Router.split(request.path).map({ PercentDecoding.decode($0) }) as [String?]?,
              !segments.contains(where: { $0 == nil }) else {
            return .failure(HTTPResponseBox(.problem(.badRequest, detail: "malformed percent-encoding in the path", instance: request.path)))
        }
        let decoded = segments.compactMap { $0 }
        var allowed: [HTTPMethod] = []
        for route in routes {
            guard let parameters = Router.bind(route.segments, to: decoded) else { continue }
            if route.method == request.method || (request.method == .head && route.method == .get) {
                return .success((route, parameters))
            }
            allowed.append(route.method)
        }
        guard !allowed.isEmpty else {
            return .failure(HTTPResponseBox(.problem(.notFound, detail: "no resource at \(request.path)", instance: request.path)))
        }
        if allowed.contains(.get) { allowed.append(.head) }
        allowed.append(.options)
        let allow = Array(Set(allowed.map(\.rawValue))).sorted().joined(separator: ", ")
        if request.method == .options {
            var response = HTTPResponse(status: .ok, contentType: "text/plain; charset=utf-8", body: "")
            response.headers.add("Allow", allow)
            return .failure(HTTPResponseBox(response))
        }
        return .failure(HTTPResponseBox(.problem(.methodNotAllowed, detail: "\(request.method) is not allowed on \(request.path); allowed: \(allow)",
                                                 instance: request.path, extraHeaders: [("Allow", allow)])))
    }

    /// Routes the request to its handler.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch match(request) {
        case .success(let (route, parameters)):
            var request = request
            request.pathParameters = parameters
            return route.handler(request)
        case .failure(let box):
            return box.response
        }
    }

    /// The segments after the leading slash, empty ones kept: `/v1/accounts/` and
    /// `/v1/accounts//trades` are not `/v1/accounts` and `/v1/accounts/trades`.
    static func split(_ path: String) -> [String] {
        let rest = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return rest.isEmpty ? [] : rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    static func bind(_ pattern: [Segment], to segments: [String]) -> [String: String]? {
        guard pattern.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, segment) in zip(pattern, segments) {
            switch part {
            case .literal(let literal): if literal != segment { return nil }
            case .parameter(let name):
                // An empty segment names nothing: `/v1/accounts/` is no account.
                if segment.isEmpty { return nil }
                parameters[name] = segment
            }
        }
        return parameters
    }
}

/// A response carried as the failure of a route match.
public struct HTTPResponseBox: Error, Sendable {
    public var response: HTTPResponse

    init(_ response: HTTPResponse) {
        self.response = response
    }
}
