/// What one HTTP request (a feed's fetch, a forwarded request) returned.
public struct FetchResult: Sendable {
    /// HTTP status, or 0 when no response arrived.
    public var status: Int
    public var body: [UInt8]
    /// The transport failure (curl's message), when there was one.
    public var transportError: String?
    /// Wall time of the fetch, in seconds.
    public var latency: Double
    /// The Retry-After header of a 429 or 503, in seconds, when the server sent one.
    public var retryAfter: Double?
    /// The answer's header fields, in order.
    public var headers: [(name: String, value: String)]

    public init(status: Int, body: [UInt8], transportError: String? = nil, latency: Double, retryAfter: Double? = nil,
                headers: [(name: String, value: String)] = []) {
        self.status = status
        self.body = body
        self.transportError = transportError
        self.latency = latency
        self.retryAfter = retryAfter
        self.headers = headers
    }
}
