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
        var body = "{\"type\":\"about:blank\",\"title\":\(jsonString(status.reasonPhrase)),\"status\":\(status.rawValue),\"detail\":\(jsonString(detail))"
        if let instance { body += ",\"instance\":\(jsonString(instance))" }
        body += "}"
        var response = HTTPResponse(status: status, contentType: "application/problem+json", body: body, closeConnection: closeConnection)
        for (name, value) in extraHeaders { response.headers.add(name, value) }
        return response
    }

    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
