import HTTPServer

/// Lets a request through to a route only with a key (or anonymous access) whose role permits
/// it; the handler learns who called. Open routes (no role) pass as an anonymous reader.
struct AuthorizationMiddleware: RouteMiddleware {
    let access: AccessControl

    func wrap(_ route: RouteDescription, _ next: @escaping RouteHandler) -> RouteHandler {
        guard let role = route.role else { return next }
        let access = self.access
        return { request, _ in
            switch access.authorize(request, requires: role) {
            case .success(let principal): next(request, principal)
            case .failure(let error): error.response(instance: request.path)
            }
        }
    }
}
