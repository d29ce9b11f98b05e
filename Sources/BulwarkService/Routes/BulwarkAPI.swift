import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import RiskCore
import Synchronization

/// The JSON API: every route, built over one shared risk core and parameter set.
public final class BulwarkAPI: Sendable {
    /// The active parameters, replaced by governance at activation.
    public let registry: ParameterRegistry
    var parameters: RiskParameters { registry.current.parameters }
    /// The methodologies over the active parameters, built once per activation.
    var methodology: StandardMethodology { registry.current.profiles.standard }
    var derivePMRM2: DerivePMRM2Margin { registry.current.profiles.derivePMRM2 }
    var deribitPM: DeribitPMMargin { registry.current.profiles.deribitPM }
    var span16: Span16Margin { registry.current.profiles.span16 }

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
    /// Server-Sent Events streams open now (served by the event loops and one hub thread).
    let openStreams = Atomic<Int>(0)
    static let maxStreams = 256
    /// Seconds between comment heartbeats on an idle event stream.
    let heartbeatSeconds: Double
    /// Sends the event streams their events; nil without a store.
    let streamHub: EventStreamHub?
    /// Who may call which route.
    let access: AccessControl
    /// Signs attestations; nil when the service has no key.
    let signer: AttestationSigner?
    /// Parameter proposals, approvals and activation; nil without a store.
    public let governance: Governance?

    public init(parameters: RiskParameters = .standardDefaults,
                now: @escaping @Sendable () -> Timestamp = { Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) },
                connectionCount: @escaping @Sendable () -> Int = { 0 },
                oracle: PriceOracle? = nil, store: AccountStore? = nil, priceSource: (any MarketSnapshotSource)? = nil,
                liquidation: LiquidationParameters = LiquidationParameters(), heartbeatSeconds: Double = 15,
                access: AccessControl = .unrestricted, signer: AttestationSigner? = nil,
                governance governanceConfiguration: GovernanceConfiguration = GovernanceConfiguration()) {
        self.access = access
        self.signer = signer
        let registry = ParameterRegistry(parameters: parameters)
        self.registry = registry
        self.oracle = oracle
        self.store = store
        self.liquidation = liquidation
        self.heartbeatSeconds = heartbeatSeconds
        let monitor = store.map { store in
            HealthMonitor(registry: registry, liquidation: liquidation,
                          source: priceSource ?? oracle.map { OracleSnapshotSource(oracle: $0) },
                          feed: EventFeed(store: store), clock: now)
        }
        self.monitor = monitor
        self.streamHub = monitor.map { monitor in
            EventStreamHub(feed: monitor.feed, heartbeatSeconds: heartbeatSeconds) { JSONWriter.encode(BulwarkAPI.eventJSON($0)) }
        }
        self.governance = store.map { store in
            Governance(configuration: governanceConfiguration, registry: registry, store: store, monitor: monitor,
                       liquidation: liquidation, clock: { Double(now().secondsSinceEpoch) })
        }
        self.metrics = ServiceMetrics()
        self.now = now
        self.connectionCount = connectionCount
    }

    /// Every route the service answers; openapi.yaml must describe each (a test checks).
    public var router: Router {
        var router = Router()
        add(&router, .get, "/", .reader) { [self] in index($0) }
        add(&router, .post, "/v1/margin", .reader) { [self] in margin($0) }
        add(&router, .post, "/v1/scenarios", .reader) { [self] in scenarios($0) }
        add(&router, .get, "/v1/collateral/haircuts", .reader) { [self] in haircuts($0) }
        add(&router, .get, "/v1/collateral/haircuts/{asset}", .reader) { [self] in haircut($0) }
        add(&router, .get, "/v1/accounts", .reader) { [self] in listAccounts($0) }
        add(&router, .put, "/v1/accounts/{id}", .exchange) { [self] in putAccount($0) }
        add(&router, .get, "/v1/accounts/{id}", .reader) { [self] in getAccount($0) }
        add(&router, .delete, "/v1/accounts/{id}", .exchange) { [self] in deleteAccount($0) }
        add(&router, .post, "/v1/accounts/{id}/trades", .exchange) { [self] in postTrades($0) }
        add(&router, .post, "/v1/accounts/{id}/what-if", .reader) { [self] in postWhatIf($0) }
        add(&router, .get, "/v1/accounts/{id}/health", .reader) { [self] in accountHealth($0) }
        add(&router, .post, "/v1/accounts/{id}/liquidations/executions", .exchange) { [self] in postExecution($0) }
        add(&router, .get, "/v1/liquidations", .reader) { [self] in liquidations($0) }
        add(&router, .get, "/v1/insurance-fund", .reader) { [self] in insuranceFund($0) }
        add(&router, .post, "/v1/insurance-fund/deposits", .exchange) { [self] in postInsuranceDeposit($0) }
        add(&router, .get, "/v1/ledger", .reader) { [self] in ledger($0) }
        add(&router, .get, "/v1/events", .reader) { [self] in events($0) }
        add(&router, .get, "/v1/events/stream", .reader) { [self] in eventStream($0) }
        add(&router, .post, "/v1/attestations", .reader) { [self] in postAttestation($0) }
        add(&router, .get, "/v1/attestations/keys", .reader) { [self] in attestationKeys($0) }
        add(&router, .post, "/v1/attestations/verify", .reader) { [self] in verifyAttestation($0) }
        add(&router, .get, "/v1/parameters", .reader) { [self] in activeParameters($0) }
        add(&router, .get, "/v1/parameters/versions/{version}", .reader) { [self] in parameterVersion($0) }
        add(&router, .get, "/v1/parameters/proposals", .reader) { [self] in listProposals($0) }
        add(&router, .post, "/v1/parameters/proposals", .risk) { [self] in postProposal($0, $1) }
        add(&router, .get, "/v1/parameters/proposals/{id}", .reader) { [self] in getProposal($0) }
        add(&router, .post, "/v1/parameters/proposals/{id}/approvals", .risk) { [self] in postApproval($0, $1) }
        add(&router, .get, "/v1/parameters/audit", .reader) { [self] in parameterAudit($0) }
        add(&router, .get, "/v1/prices", .reader) { [self] in prices($0) }
        add(&router, .get, "/v1/prices/{asset}", .reader) { [self] in price($0) }
        // Probes and metrics answer without a key: orchestrators and scrapers carry none.
        add(&router, .get, "/livez", nil) { [self] in live($0) }
        add(&router, .get, "/healthz", nil) { [self] in live($0) }
        add(&router, .get, "/readyz", nil) { [self] in ready($0) }
        add(&router, .get, "/metrics", nil) { [self] in prometheus($0) }
        return router
    }

    /// Registers a route with the role it requires (nil: open) and its metrics: latency and
    /// status by route pattern.
    private func add(_ router: inout Router, _ method: HTTPMethod, _ pattern: String, _ role: Role?,
                     _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        add(&router, method, pattern, role) { request, _ in handler(request) }
    }

    private func add(_ router: inout Router, _ method: HTTPMethod, _ pattern: String, _ role: Role?,
                     _ handler: @escaping @Sendable (HTTPRequest, Principal) -> HTTPResponse) {
        let metrics = self.metrics.route(pattern)
        let access = self.access
        let governance = self.governance
        router.add(method, pattern) { request in
            let clock = ContinuousClock()
            let start = clock.now
            // A proposal whose timelock passed takes effect before the next request is answered.
            governance?.activateDue()
            let response: HTTPResponse
            if let role {
                switch access.authorize(request, requires: role) {
                case .success(let principal): response = handler(request, principal)
                case .failure(let error): response = error.response(instance: request.path)
                }
            } else {
                response = handler(request, .anonymous(.reader))
            }
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
