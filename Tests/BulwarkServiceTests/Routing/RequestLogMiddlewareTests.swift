import HTTPServer
import Logging
import Testing
@testable import BulwarkService

@Suite struct RequestLogMiddlewareTests {
    func answer(_ middleware: RequestLogMiddleware, status: HTTPStatus, id: String? = nil) -> HTTPResponse {
        let handler = middleware.wrap(RouteDescription(method: .get, pattern: "/x", role: nil)) { _, _ in HTTPResponse(status: status) }
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        if let id { headers.add("X-Request-Id", id) }
        return handler(HTTPRequest(method: .get, target: "/x", headers: headers, body: []), .anonymous(.reader))
    }

    @Test func theClientsIdIsEchoedWhenUsable() {
        let middleware = RequestLogMiddleware(logger: Logger(label: "test"))
        #expect(answer(middleware, status: .ok, id: "trace-42").headers["X-Request-Id"] == "trace-42")
        #expect(answer(middleware, status: .ok, id: "with space").headers["X-Request-Id"] == nil)
        #expect(RequestLogMiddleware.usable(String(repeating: "a", count: 129)) == nil && RequestLogMiddleware.usable("a") == "a")
    }

    @Test func aLoggedAnswerCarriesTheIdItWasLoggedUnder() {
        let quiet = RequestLogMiddleware(logger: Logger(label: "test"))
        #expect(answer(quiet, status: .ok).headers["X-Request-Id"] == nil)
        let failed = answer(quiet, status: .serviceUnavailable).headers["X-Request-Id"]
        #expect(failed?.hasPrefix("r") == true && failed != answer(quiet, status: .serviceUnavailable).headers["X-Request-Id"])
        var verbose = Logger(label: "test")
        verbose.logLevel = .debug
        #expect(answer(RequestLogMiddleware(logger: verbose), status: .ok).headers["X-Request-Id"]?.hasPrefix("r") == true)
    }
}
