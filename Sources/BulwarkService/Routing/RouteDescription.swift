import HTTPServer

/// What a middleware knows of the route it wraps.
struct RouteDescription: Sendable {
    var method: HTTPMethod
    var pattern: String
    /// The role the route requires; nil for the probes, open to all without a key.
    var role: Role?
}
