import BulwarkJSON
import HTTPServer

/// A 200 (or `status`) answer with a JSON body.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        make(bytes: JSONWriter.encode(value), status: status)
    }

    static func make(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse(status: status, body: bytes)
        response.headers.add("Content-Type", "application/json")
        return response
    }
}
