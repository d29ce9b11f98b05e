/// A complete request: head and body, the body de-chunked.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target as sent (`/v1/margin?x=1`).
    public var target: String
    /// The path of the target, percent-encoding left as sent.
    public var path: String
    /// The query string without `?`, if any.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Path parameters filled by the router (`{id}` -> value, percent-decoded).
    public var pathParameters: [String: String] = [:]

    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        if let mark = target.firstIndex(of: "?") {
            self.path = String(target[..<mark])
            self.query = String(target[target.index(after: mark)...])
        } else {
            self.path = target
            self.query = nil
        }
    }

    /// Query parameters, percent-decoded (`+` is a space); the first of repeated names wins.
    public var queryParameters: [String: String] {
        guard let query else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(String(parts[0]), plusIsSpace: true) else { continue }
            let value = parts.count > 1 ? PercentDecoding.decode(String(parts[1]), plusIsSpace: true) : ""
            if result[name] == nil, let value { result[name] = value }
        }
        return result
    }

    /// Whether the client asked to keep the connection open after this request.
    public var wantsKeepAlive: Bool {
        let tokens = headers.tokens("Connection")
        if tokens.contains("close") { return false }
        return version == .http1_1 || tokens.contains("keep-alive")
    }
}
