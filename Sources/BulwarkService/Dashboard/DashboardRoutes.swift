import HTTPServer

/// `GET /dashboard`: the risk desk's page. It is served without a key (it holds no data); the
/// page asks for one when the read routes it calls need it.
struct DashboardRoutes: Sendable {
    /// Rendered once: the page is the same for every request.
    private let page = Array(DashboardPage.html.utf8)

    func add(to routes: inout RouteTable) {
        routes.add(.get, "/dashboard", nil, dashboard)
    }

    func dashboard(_ request: HTTPRequest) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, body: page)
        response.headers.add("Content-Type", "text/html; charset=utf-8")
        response.headers.add("Cache-Control", "no-cache")
        // The page talks to this service only.
        response.headers.add("Content-Security-Policy",
                             "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'")
        response.headers.add("X-Content-Type-Options", "nosniff")
        return response
    }
}
