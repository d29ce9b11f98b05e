import HTTPServer

/// A route's handler: the request and who sent it (authorization has run).
typealias RouteHandler = @Sendable (HTTPRequest, Principal) -> HTTPResponse
