import HTTPServer
import Logging
import Synchronization

/// Logs requests under an id: server errors as warnings, everything else at debug level. The
/// id is the client's `X-Request-Id` when it sends a usable one (echoed in the answer), or one
/// made for a request that is logged (and sent in its answer), so an answer and its log line
/// can be matched; an unlogged request without one costs no id.
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
            let given = request.headers["X-Request-Id"].flatMap(RequestLogMiddleware.usable)
            var response = next(request, principal)
            let status = response.status.rawValue
            let logged = status >= 500 || logger.logLevel <= .debug
            guard given != nil || logged else { return response }
            let id = given ?? counter.next()
            response.headers.add("X-Request-Id", id)
            if logged {
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
