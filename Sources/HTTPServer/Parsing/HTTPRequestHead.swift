/// A parsed request line and header section, with the body framing decided from it.
public struct HTTPRequestHead: Sendable {
    public var method: HTTPMethod
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// The client sent `Expect: 100-continue`.
    public var expectsContinue: Bool
}

/// How the body of a request is delimited (RFC 9112 §6).
public enum BodyFraming: Hashable, Sendable {
    case none
    case contentLength(Int)
    case chunked
}
