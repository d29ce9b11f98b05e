import BulwarkJSON
import Prometheus
import Synchronization

/// The metric handles of one route, made once so a request does no registry lookups:
/// its latency histogram, and a counter per method and status met so far.
final class RouteMetrics: Sendable {
    private struct CounterKey: Hashable {
        var method: String
        var status: Int
    }

    private let route: String
    private let registry: PrometheusCollectorRegistry
    private let duration: DurationHistogram
    private let counters = Mutex<[CounterKey: Counter]>([:])

    init(route: String, registry: PrometheusCollectorRegistry) {
        self.route = route
        self.registry = registry
        self.duration = registry.makeDurationHistogram(descriptor: ServiceMetrics.requestDuration, labels: [("route", route)],
                                                       buckets: ServiceMetrics.latencyBuckets)
    }

    func record(method: String, status: Int, duration elapsed: Duration) {
        duration.record(elapsed)
        let key = CounterKey(method: method, status: status)
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(descriptor: ServiceMetrics.requests,
                                               labels: [("route", route), ("method", method), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
    }
}
