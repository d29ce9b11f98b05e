import HTTPServer

/// Latency and status counts per route pattern, for /metrics.
struct MetricsMiddleware: RouteMiddleware {
    let metrics: ServiceMetrics

    func wrap(_ route: RouteDescription, _ next: @escaping RouteHandler) -> RouteHandler {
        let handles = metrics.route(route.pattern)
        return { request, principal in
            let clock = ContinuousClock()
            let start = clock.now
            let response = next(request, principal)
            handles.record(method: request.method.rawValue, status: response.status.rawValue, duration: clock.now - start)
            return response
        }
    }
}
