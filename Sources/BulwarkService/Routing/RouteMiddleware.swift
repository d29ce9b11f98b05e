/// A concern every route shares (authorization, metrics, the governance clock, request logs),
/// applied once when a route is added: `wrap` returns the handler that runs it around `next`,
/// so what a middleware needs per route (a metric handle) is made once, not per request.
protocol RouteMiddleware: Sendable {
    func wrap(_ route: RouteDescription, _ next: @escaping RouteHandler) -> RouteHandler
}
