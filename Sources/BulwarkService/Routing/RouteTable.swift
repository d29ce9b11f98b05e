import HTTPServer

/// The routes of every feature, each wrapped in the middleware chain as it is added. The first
/// middleware is the outermost: it sees the request first and the response last.
struct RouteTable {
    private(set) var router = Router()
    private let middleware: [any RouteMiddleware]

    init(middleware: [any RouteMiddleware]) {
        self.middleware = middleware
    }

    /// Adds a route that needs `role` (nil: open without a key), for a handler that reads who called.
    mutating func add(_ method: HTTPMethod, _ pattern: String, _ role: Role?, _ handler: @escaping RouteHandler) {
        let route = RouteDescription(method: method, pattern: pattern, role: role)
        let wrapped = middleware.reversed().reduce(handler) { next, middleware in middleware.wrap(route, next) }
        router.add(method, pattern) { request in wrapped(request, .anonymous(.reader)) }
    }

    /// Adds a route whose handler needs only the request.
    mutating func add(_ method: HTTPMethod, _ pattern: String, _ role: Role?,
                      _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        add(method, pattern, role) { request, _ in handler(request) }
    }

    /// Adds a route of a feature that needs the store: without one (nil) it answers 503.
    mutating func add<Feature: Sendable>(_ method: HTTPMethod, _ pattern: String, _ role: Role?, _ feature: Feature?,
                                         _ handler: @escaping @Sendable (Feature) -> @Sendable (HTTPRequest) -> HTTPResponse) {
        add(method, pattern, role, feature) { feature in
            let route = handler(feature)
            return { request, _ in route(request) }
        }
    }

    /// The same for a handler that reads who called.
    mutating func add<Feature: Sendable>(_ method: HTTPMethod, _ pattern: String, _ role: Role?, _ feature: Feature?,
                                         _ handler: @escaping @Sendable (Feature) -> @Sendable (HTTPRequest, Principal) -> HTTPResponse) {
        guard let feature else {
            add(method, pattern, role) { request in APIError.storeUnavailable.response(instance: request.path) }
            return
        }
        add(method, pattern, role, handler(feature))
    }
}
