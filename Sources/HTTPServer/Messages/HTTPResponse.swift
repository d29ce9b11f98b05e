import BulwarkJSON

/// A response: status, headers and a complete body.
///
/// The encoder adds Content-Length, Date and (when missing) Content-Type, so every
/// response carries all three.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Close the connection after this response.
    public var closeConnection: Bool
    /// A body written over time instead of `body` (Server-Sent Events).
    public var stream: HTTPStream?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
    }

    public init(status: HTTPStatus = .ok, contentType: String, body: String, closeConnection: Bool = false) {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        self.init(status: status, headers: headers, body: Array(body.utf8), closeConnection: closeConnection)
    }

    /// An RFC 9457 problem document for errors the server answers on its own (framing, limits, routing).
    public static func problem(_ status: HTTPStatus, detail: String, instance: String? = nil,
                               extraHeaders: [(String, String)] = [], closeConnection: Bool = false) -> HTTPResponse {
        var document = JSONObject([("type", .string("about:blank")), ("title", .string(status.reasonPhrase)),
                                   ("status", .number(Double(status.rawValue))), ("detail", .string(detail))])
        if let instance { document["instance"] = .string(instance) }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/problem+json")
        var response = HTTPResponse(status: status, headers: headers, body: JSONWriter.encode(.object(document)), closeConnection: closeConnection)
        for (name, value) in extraHeaders { response.headers.add(name, value) }
        return response
    }
}
