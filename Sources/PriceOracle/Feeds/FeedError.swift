/// Why a fetch gave no usable price: recorded per source and shown in `GET /v1/prices`.
public enum FeedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No response (timeout, refused connection, TLS failure): curl's message.
    case transport(String)
    /// A response with a status other than 2xx.
    case http(status: Int)
    /// The body is not the documented shape (HTML error page, truncated JSON, missing field).
    case malformed(String)
    /// The source answered with an error of its own, or a price that cannot be right.
    case rejected(String)

    public var description: String {
        switch self {
        case .transport(let message): "no response: \(message)"
        case .http(let status): "HTTP status \(status)"
        case .malformed(let reason): "malformed response: \(reason)"
        case .rejected(let reason): "rejected: \(reason)"
        }
    }
}
