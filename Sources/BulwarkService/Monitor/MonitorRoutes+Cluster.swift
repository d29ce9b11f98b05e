import BulwarkJSON
import HTTPServer

/// The account list on a shared store: every instance's page of the accounts it holds,
/// merged (docs/SCALING.md, "Any instance answers").
extension MonitorRoutes {
    /// Whether `request` asks for the whole book: on a shared store, unless another instance
    /// sent it for the part this instance holds.
    static func isWholeBookRead(_ request: HTTPRequest, _ monitor: HealthMonitor) -> Bool {
        monitor.membership?.shared == true && !ClusterForwarder.isForwarded(request)
    }

    /// The same request answered by every other live instance for the accounts it holds.
    func othersPages(_ request: HTTPRequest) -> BookPages {
        guard let membership = monitor.membership else { return BookPages() }
        let (answers, unanswered) = ClusterForwarder(membership: membership).gatherBook(request)
        var pages = BookPages(unanswered: unanswered)
        for answer in answers {
            guard case .array(let accounts)? = answer["accounts"] else { continue }
            pages.entries += accounts.compactMap(BookPages.entry)
            if case .string? = answer["nextCursor"] { pages.hasMore = true }
        }
        return pages
    }
}
