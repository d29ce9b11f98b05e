import HTTPServer
import Logging
import Synchronization

/// Gives every request an id (the client's `X-Request-Id` when it sends a usable one), returns
/// it in the answer's `X-Request-Id` and logs the request under it: server errors as warnings,
/// everything else at debug level, which costs nothing when the log level is higher.
struct RequestLogMiddleware: RouteMiddleware {
    let logger: Logger
    private let counter = RequestCounter()

    init(logger: Logger) {
        self.logger = logger
    }

    func wrap(_ route: RouteDescription, _ next: @escaping RouteHandler) -> RouteHandler {
        let logger = self.logger
        let counter = self.counter
        return { request, principal in
            let id = request.headers["X-Request-Id"].flatMap(RequestLogMiddleware.usable) ?? counter.next()
            var response = next(request, principal)
            response.headers.add("X-Request-Id", id)
            let status = response.status.rawValue
            if status >= 500 || logger.logLevel <= .debug {
                let metadata: Logger.Metadata = ["request": "\(id)", "method": "\(request.method.rawValue)", "route": "\(route.pattern)",
                                                 "status": "\(status)", "principal": "\(principal.id)"]
                logger.log(level: status >= 500 ? .warning : .debug, "request answered", metadata: metadata)
            }
            return response
        }
    }

    /// A client's id if it is 1 to 128 visible ASCII characters (it is logged and echoed).
    static func usable(_ id: String) -> String? {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy({ (33...126).contains($0) }) ? id : nil
    }
}

/// Request ids of this process: `r` and a counter, unique per run, cheap to make.
private final class RequestCounter: Sendable {
    private let value = Atomic<UInt64>(0)

    func next() -> String { "r\(value.add(1, ordering: .relaxed).newValue)" }
}
