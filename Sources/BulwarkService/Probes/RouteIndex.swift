import BulwarkJSON
import HTTPServer

/// `GET /`: what the service is, and every route it answers. The list is set once, after
/// every route is added and before the server starts.
final class RouteIndex: @unchecked Sendable {
    var routes: [String] = []

    func response(parametersVersion: String) -> HTTPResponse {
        JSONResponse.make(.object([
            "service": .string("bulwark"),
            "description": .string("Risk engine: maintenance margin for leveraged crypto options venues"),
            "parameters": .object(["version": .string(parametersVersion)]),
            "dashboard": .string("/dashboard"),
            "routes": .array(routes.map(JSONValue.string)),
        ]))
    }
}
