/// A request method: any token on the wire; the server implements the common ones.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
    public static let trace = HTTPMethod(rawValue: "TRACE")
    public static let connect = HTTPMethod(rawValue: "CONNECT")
    /// The safe, body-carrying method of the HTTP QUERY specification.
    public static let query = HTTPMethod(rawValue: "QUERY")

    /// The methods of RFC 9110, PATCH and QUERY: routed, so a resource without them answers
    /// 405 with Allow. Any other token is answered 501.
    public static let implemented: Set<HTTPMethod> = [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect, .query]

    public var description: String { rawValue }
}
