/// Why a request could not be read. Every parse error is answered with its status
/// and `Connection: close`: after a framing error the byte stream can't be trusted.
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(.badRequest, reason) }

    public var description: String { "\(status.rawValue) \(reason)" }
}
