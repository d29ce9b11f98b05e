/// A proposal whose timelock has passed takes effect before the next request is answered
/// (cheap when none is due).
struct GovernanceClockMiddleware: RouteMiddleware {
    let governance: Governance

    func wrap(_ route: RouteDescription, _ next: @escaping RouteHandler) -> RouteHandler {
        let governance = self.governance
        return { request, principal in
            governance.activateDue()
            return next(request, principal)
        }
    }
}
