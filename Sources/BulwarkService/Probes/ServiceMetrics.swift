import BulwarkJSON
import Prometheus
import RiskCore
import Synchronization

/// The service's Prometheus metrics: `bulwark_` prefix, base units, `_total` counters,
/// no per-account labels (health is counted by status instead).
final class ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let activeVersion = Mutex<String?>(nil)

    static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    ]

    // Computed: MetricNameDescriptor is not Sendable, so it cannot be a stored static.
    /// `bulwark_<subsystem>_<name>_<unit>`; an empty unit for a plain count or amount.
    private static func descriptor(_ subsystem: String, _ name: String, unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "bulwark", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }

    static var requests: MetricNameDescriptor {
        descriptor("http", "requests", unit: "total", "HTTP requests answered, by route pattern, method and status.")
    }
    static var requestDuration: MetricNameDescriptor {
        descriptor("http", "request_duration", unit: "seconds", "Time from a complete request to its response, by route pattern.")
    }
    static var marginDuration: MetricNameDescriptor {
        descriptor("margin", "computation", unit: "seconds", "Time to value and margin one portfolio, by margin mode.")
    }
    static var marginResults: MetricNameDescriptor {
        descriptor("margin", "results", unit: "total", "Margin results computed, by health status.")
    }
    static var openConnections: MetricNameDescriptor {
        descriptor("http", "open", unit: "connections", "Client connections open now.")
    }

    static var accounts: MetricNameDescriptor {
        descriptor("monitor", "accounts", unit: "", "Stored accounts by health status (unpriced: no price to margin them).")
    }
    static var pausedAssets: MetricNameDescriptor {
        descriptor("monitor", "paused", unit: "assets", "Assets whose liquidations are paused (price volatile or unavailable).")
    }
    static var eventStreams: MetricNameDescriptor {
        descriptor("events", "open", unit: "streams", "Server-Sent Events streams open now.")
    }

    static var insuranceFund: MetricNameDescriptor {
        descriptor("insurance_fund", "balance", unit: "", "The insurance fund's balance from the ledger, in the quote currency.")
    }
    static var parametersInfo: MetricNameDescriptor {
        descriptor("parameters", "info", unit: "", "1 for the risk parameter version in force (label version).")
    }

    private let marginDurations: [MarginMode: DurationHistogram]
    private let marginStatuses: [MarginStatus: Counter]

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        marginDurations = Dictionary(uniqueKeysWithValues: MarginMode.allCases.map { mode in
            (mode, registry.makeDurationHistogram(descriptor: ServiceMetrics.marginDuration, labels: [("mode", mode.rawValue)],
                                                  buckets: ServiceMetrics.latencyBuckets))
        })
        marginStatuses = Dictionary(uniqueKeysWithValues: MarginStatus.allCases.map { status in
            (status, registry.makeCounter(descriptor: ServiceMetrics.marginResults, labels: [("status", status.rawValue)]))
        })
    }

    /// Handles for one route pattern (never a raw path, so label values stay bounded).
    func route(_ pattern: String) -> RouteMetrics {
        RouteMetrics(route: pattern, registry: registry)
    }

    /// Time spent in the risk core for one margin computation, by mode.
    func recordMarginComputation(mode: MarginMode, duration: Duration) {
        marginDurations[mode]?.record(duration)
    }

    func recordMarginStatus(_ status: MarginStatus) {
        marginStatuses[status]?.increment()
    }

    func setOpenConnections(_ count: Int) {
        registry.makeGauge(descriptor: ServiceMetrics.openConnections).set(Double(count))
    }

    func setAccounts(status: String, count: Int) {
        registry.makeGauge(descriptor: ServiceMetrics.accounts, labels: [("status", status)]).set(Double(count))
    }

    func setPausedAssets(_ count: Int) {
        registry.makeGauge(descriptor: ServiceMetrics.pausedAssets).set(Double(count))
    }

    func setEventStreams(_ count: Int) {
        registry.makeGauge(descriptor: ServiceMetrics.eventStreams).set(Double(count))
    }

    func setInsuranceFund(_ balance: Double) {
        registry.makeGauge(descriptor: ServiceMetrics.insuranceFund).set(balance)
    }

    /// The version in force at 1; versions no longer in force are dropped.
    func setParametersVersion(_ version: String) {
        let previous = activeVersion.withLock { current -> String? in
            defer { current = version }
            return current == version ? nil : current
        }
        if let previous, previous != version {
            registry.unregisterGauge(registry.makeGauge(descriptor: ServiceMetrics.parametersInfo, labels: [("version", previous)]))
        }
        registry.makeGauge(descriptor: ServiceMetrics.parametersInfo, labels: [("version", version)]).set(1.0)
    }

    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
