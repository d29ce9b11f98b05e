import BulwarkJSON
import Foundation
import HTTPServer
import Logging
import PriceOracle
import RiskCore

/// The JSON API: every feature's routes over one shared risk core and parameter set, with
/// the cross-cutting concerns (request ids and logs, metrics, the governance clock,
/// authorization) as middleware. docs/ARCHITECTURE.md maps each route to its folder.
public final class BulwarkAPI: Sendable {
    /// The active parameters, replaced by governance at activation.
    public let registry: ParameterRegistry
    /// The stored accounts' health, re-margined as prices move; nil without a store.
    public let monitor: HealthMonitor?
    /// Parameter proposals, approvals and activation; nil without a store.
    public let governance: Governance?
    /// Calibrations of the parameters against a solvency target; nil without a store.
    public let calibrator: Calibrator?
    /// Other instances' writes, on a shared store.
    let follower: AccountChangeFollower?
    /// Every route the service answers; openapi.yaml must describe each (a test checks).
    public let router: Router
    /// Serves the event streams; nil without a store.
    let streamHub: EventStreamHub?
    /// The venue's posted prices; nil without a store.
    let venuePrices: VenuePriceBook?

    public init(parameters: RiskParameters = .standardDefaults,
                now: @escaping @Sendable () -> Timestamp = { Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) },
                connectionCount: @escaping @Sendable () -> Int = { 0 },
                oracle: PriceOracle? = nil, store: (any Store)? = nil, priceSource: (any MarketDataProvider)? = nil,
                liquidation: LiquidationParameters = LiquidationParameters(), heartbeatSeconds: Double = 15,
                access: AccessControl = .unrestricted, signer: AttestationSigner? = nil,
                governance governanceConfiguration: GovernanceConfiguration = GovernanceConfiguration(),
                prices: PriceConfiguration = PriceConfiguration(), cluster: ClusterMembership? = nil,
                logger: Logger = Logger(label: "bulwark")) {
        let registry = ParameterRegistry(parameters: parameters)
        // Alone on its store unless told otherwise: every shard, no heartbeats.
        let cluster = cluster ?? store.map { ClusterMembership(instanceID: "local", configuration: ClusterConfiguration(), store: $0, shared: false) }
        let metrics = ServiceMetrics()
        let oracleData = oracle.map { OracleMarketData(oracle: $0) }
        // The venue's posted prices and the feeds', by precedence: what requests and the monitor use.
        let venue = store.map { VenuePriceBook(store: $0, maxAge: prices.maxAge, clock: { Double(now().secondsSinceEpoch) }) }
        // On a shared store the feeds' prices are the publisher's tick (docs/SCALING.md); the
        // settable source of tests and benchmarks is published the same way.
        let published = cluster.flatMap { cluster in
            cluster.shared ? (priceSource ?? oracleData).map { PublishedFeeds(local: $0, membership: cluster) } : nil
        }
        let feeds: (any MarketDataProvider)? = priceSource == nil ? (published ?? oracleData) : oracleData
        let market = VenueAndFeedsMarketData(venue: venue, feeds: feeds, precedence: prices.precedence)
        let marketData: (any MarketDataProvider)? = venue == nil && feeds == nil ? nil : market
        let monitor = store.map { store in
            HealthMonitor(registry: registry, liquidation: liquidation, source: priceSource.map { published ?? $0 } ?? marketData,
                          feed: EventFeed(store: store, logger: logger), clock: now, membership: cluster)
        }
        let governance = store.map { store in
            Governance(configuration: governanceConfiguration, registry: registry, store: store, monitor: monitor,
                       liquidation: liquidation, clock: { Double(now().secondsSinceEpoch) })
        }
        let calibrator = governance.map(Calibrator.init(governance:))
        let follower = zip(store, monitor).flatMap { store, monitor in
            cluster?.shared == true ? AccountChangeFollower(store: store, monitor: monitor, venue: venue, feeds: published, interval: 0.25, logger: logger) : nil
        }
        let hub = monitor.map { monitor in
            EventStreamHub(feed: monitor.feed, heartbeatSeconds: heartbeatSeconds) { JSONWriter.encode($0.json) }
        }
        let margin = MarginService(registry: registry, marketData: marketData, metrics: metrics, now: now)
        let writer = zip(store, monitor).map { store, monitor in AccountWriter(store: store, monitor: monitor, now: now) }

        var middleware: [any RouteMiddleware] = [RequestLogMiddleware(logger: logger), MetricsMiddleware(metrics: metrics)]
        if let governance { middleware.append(GovernanceClockMiddleware(governance: governance)) }
        middleware.append(AuthorizationMiddleware(access: access))
        var routes = RouteTable(middleware: middleware)
        let index = RouteIndex()
        routes.add(.get, "/", .reader) { _ in index.response(parametersVersion: registry.current.parameters.version) }
        MarginRoutes(margin: margin).add(to: &routes)
        CollateralRoutes(registry: registry).add(to: &routes)
        AccountRoutes.add(zip(store, writer).map { AccountRoutes(store: $0, writer: $1, registry: registry, margin: margin) }, to: &routes)
        MonitorRoutes.add(zip(store, monitor, hub).map { MonitorRoutes(store: $0, monitor: $1, hub: $2) }, to: &routes)
        LiquidationRoutes.add(zip(store, writer, monitor).map { store, writer, monitor in
            LiquidationRoutes(store: store, writer: writer, monitor: monitor,
                              service: LiquidationService(monitor: monitor, liquidation: liquidation))
        }, to: &routes)
        AttestationRoutes(signer: signer, margin: margin, monitor: monitor).add(to: &routes)
        ParameterRoutes(registry: registry, governance: governance).add(to: &routes)
        CalibrationRoutes.add(calibrator.map(CalibrationRoutes.init(calibrator:)), to: &routes)
        PriceRoutes(oracle: oracle, venue: venue, market: market).add(to: &routes)
        ClusterRoutes.add(cluster.map(ClusterRoutes.init(membership:)), to: &routes)
        ProbeRoutes(registry: registry, oracle: oracle, metrics: metrics, connectionCount: connectionCount, store: store,
                    monitor: monitor, hub: hub, cluster: cluster).add(to: &routes)
        DashboardRoutes().add(to: &routes)
        index.routes = routes.router.routes.map { "\($0.method) \($0.pattern)" }

        self.registry = registry
        self.monitor = monitor
        self.governance = governance
        self.calibrator = calibrator
        self.follower = follower
        self.router = routes.router
        self.streamHub = hub
        self.venuePrices = venue
    }

    /// Reads what the store holds: the venue's last prices, governance's parameters and
    /// proposals, then every account into the monitor, margined; then the backtests and
    /// calibrations a stop left running.
    public func load() throws {
        try venuePrices?.load()
        try governance?.bootstrap()
        // The shards first, so that the monitor loads the accounts this instance holds, and
        // where other instances' changes start, so that none between is missed.
        // Beats go on while the monitor loads: a long load must not let the leases lapse.
        try monitor?.membership?.join()
        monitor?.membership?.start()
        try follower?.prime()
        try monitor?.load()
        follower?.start()
        // Backtests and calibrations replay the monitor's book: resumed once it is loaded.
        try governance?.resumeBacktests()
        try calibrator?.bootstrap()
    }
}

extension BulwarkAPI {
    /// Stops following other instances and frees this one's shards at once (a clean stop).
    public func shutdown() {
        follower?.stop()
        monitor?.membership?.leave()
    }
}

/// Both values, or nil when either is missing.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

private func zip<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
    guard let a, let b, let c else { return nil }
    return (a, b, c)
}
