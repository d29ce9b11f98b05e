import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import RiskCore
import Synchronization

/// The JSON API: every route, built over one shared risk core and parameter set.
public final class BulwarkAPI: Sendable {
    let parameters: RiskParameters
    /// The methodologies over the active parameters, built once.
    let methodology: StandardMethodology
    let derivePMRM2: DerivePMRM2Margin
    let deribitPM: DeribitPMMargin
    let span16: Span16Margin

    /// Every methodology profile a request may name.
    static let profiles = [StandardMethodology.profileName, DeribitPMMargin.profileName, DerivePMRM2Margin.profileName,
                           Span16Margin.profileName]
    let metrics: ServiceMetrics
    let now: @Sendable () -> Timestamp
    /// Reports open connections for /metrics; set once the server exists.
    let connectionCount: @Sendable () -> Int
    /// Live prices for what requests do not carry. For an asset the oracle does not price, a
    /// missing price is the request's omission (422); for one it prices but cannot give now,
    /// the service is unavailable for that asset (503).
    let oracle: PriceOracle?
    /// Stored accounts; nil when the service runs without a data directory.
    let store: AccountStore?
    /// The stored accounts' health, re-margined as prices move; nil without a store.
    public let monitor: HealthMonitor?
    let liquidation: LiquidationParameters
    /// Server-Sent Events streams open now, each holding a thread.
    let openStreams = Atomic<Int>(0)
    static let maxStreams = 256
    /// Seconds between comment heartbeats on an idle event stream.
    let heartbeatSeconds: Double

    public init(parameters: RiskParameters = .standardDefaults,
                now: @escaping @Sendable () -> Timestamp = { Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) },
                connectionCount: @escaping @Sendable () -> Int = { 0 },
                oracle: PriceOracle? = nil, store: AccountStore? = nil, priceSource: (any MarketSnapshotSource)? = nil,
                liquidation: LiquidationParameters = LiquidationParameters(), heartbeatSeconds: Double = 15) {
        self.parameters = parameters
        self.oracle = oracle
        self.store = store
        self.liquidation = liquidation
        self.heartbeatSeconds = heartbeatSeconds
        self.monitor = store.map { store in
            HealthMonitor(parameters: parameters, liquidation: liquidation,
                          source: priceSource ?? oracle.map { OracleSnapshotSource(oracle: $0) },
                          feed: EventFeed(store: store), clock: now)
        }
        self.methodology = StandardMethodology(parameters: parameters)
        self.derivePMRM2 = DerivePMRM2Margin()
        self.deribitPM = DeribitPMMargin(standard: parameters)
        self.span16 = Span16Margin(standard: parameters)
        self.metrics = ServiceMetrics()
        self.now = now
        self.connectionCount = connectionCount
    }

    /// Every route the service answers; openapi.yaml must describe each (a test checks).
    public var router: Router {
        var router = Router()
        add(&router, .get, "/") { [self] in index($0) }
        add(&router, .post, "/v1/margin") { [self] in margin($0) }
        add(&router, .post, "/v1/scenarios") { [self] in scenarios($0) }
        add(&router, .get, "/v1/collateral/haircuts") { [self] in haircuts($0) }
        add(&router, .get, "/v1/collateral/haircuts/{asset}") { [self] in haircut($0) }
        add(&router, .get, "/v1/accounts") { [self] in listAccounts($0) }
        add(&router, .put, "/v1/accounts/{id}") { [self] in putAccount($0) }
        add(&router, .get, "/v1/accounts/{id}") { [self] in getAccount($0) }
        add(&router, .delete, "/v1/accounts/{id}") { [self] in deleteAccount($0) }
        add(&router, .post, "/v1/accounts/{id}/trades") { [self] in postTrades($0) }
        add(&router, .post, "/v1/accounts/{id}/what-if") { [self] in postWhatIf($0) }
        add(&router, .get, "/v1/accounts/{id}/health") { [self] in accountHealth($0) }
        add(&router, .post, "/v1/accounts/{id}/liquidations/executions") { [self] in postExecution($0) }
        add(&router, .get, "/v1/liquidations") { [self] in liquidations($0) }
        add(&router, .get, "/v1/insurance-fund") { [self] in insuranceFund($0) }
        add(&router, .post, "/v1/insurance-fund/deposits") { [self] in postInsuranceDeposit($0) }
        add(&router, .get, "/v1/ledger") { [self] in ledger($0) }
        add(&router, .get, "/v1/events") { [self] in events($0) }
        add(&router, .get, "/v1/events/stream") { [self] in eventStream($0) }
        add(&router, .get, "/v1/prices") { [self] in prices($0) }
        add(&router, .get, "/v1/prices/{asset}") { [self] in price($0) }
        add(&router, .get, "/livez") { [self] in live($0) }
        add(&router, .get, "/healthz") { [self] in live($0) }
        add(&router, .get, "/readyz") { [self] in ready($0) }
        add(&router, .get, "/metrics") { [self] in prometheus($0) }
        return router
    }

    /// Registers a route with its metrics: latency and status by route pattern.
    private func add(_ router: inout Router, _ method: HTTPMethod, _ pattern: String,
                     _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        let metrics = self.metrics.route(pattern)
        router.add(method, pattern) { request in
            let clock = ContinuousClock()
            let start = clock.now
            let response = handler(request)
            metrics.record(method: request.method.rawValue, status: response.status.rawValue, duration: clock.now - start)
            return response
        }
    }

    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        json(bytes: JSONWriter.encode(value), status: status)
    }

    static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse(status: status, body: bytes)
        response.headers.add("Content-Type", "application/json")
        return response
    }

    private func index(_ request: HTTPRequest) -> HTTPResponse {
        BulwarkAPI.json(.object([
            "service": .string("bulwark"),
            "description": .string("Risk engine: maintenance margin for leveraged crypto options venues"),
            "parameters": .object(["version": .string(methodology.version)]),
            "routes": .array(router.routes.map { .string("\($0.method) \($0.pattern)") }),
        ]))
    }
}
