import HTTPServer
import Testing
@testable import BulwarkService

@Suite struct RequestLogMiddlewareTests {
    @Test func everyAnswerCarriesARequestIdTheClientsWhenUsable() {
        let client = APIClient()
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        headers.add("X-Request-Id", "trace-42")
        #expect(client.router.handle(HTTPRequest(method: .get, target: "/livez", headers: headers, body: [])).headers["X-Request-Id"] == "trace-42")
        let first = client.call(.get, "/livez").0.headers["X-Request-Id"]
        let second = client.call(.get, "/v1/nowhere-known").0.headers["X-Request-Id"]
        #expect(first?.hasPrefix("r") == true && first != client.call(.get, "/livez").0.headers["X-Request-Id"])
        // A 404 from the router itself runs no route's middleware.
        #expect(second == nil)
        #expect(RequestLogMiddleware.usable("with space") == nil && RequestLogMiddleware.usable(String(repeating: "a", count: 129)) == nil)
    }
}
