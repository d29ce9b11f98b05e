import BulwarkJSON
import HTTPServer
import PriceOracle
import RiskCore

/// Probes for orchestrators and the Prometheus scrape: open without a key, since neither
/// carries one.
struct ProbeRoutes: Sendable {
    let registry: ParameterRegistry
    let oracle: PriceOracle?
    let metrics: ServiceMetrics
    /// Open connections, from the server once it exists.
    let connectionCount: @Sendable () -> Int
    let store: (any Store)?
    let monitor: HealthMonitor?
    let hub: EventStreamHub?
    /// This instance's shards: `/readyz` is degraded while it holds none.
    var cluster: ClusterMembership? = nil
    var parameters: RiskParameters { registry.current.parameters }

    func add(to routes: inout RouteTable) {
        routes.add(.get, "/livez", nil, live)
        routes.add(.get, "/healthz", nil, live)
        routes.add(.get, "/readyz", nil, ready)
        routes.add(.get, "/metrics", nil, prometheus)
    }

    /// `GET /livez` and `/healthz`: the process answers.
    func live(_ request: HTTPRequest) -> HTTPResponse {
        JSONResponse.make(.object(["status": .string("ok")]))
    }

    /// `GET /readyz`: 200 when every dependency is usable, 503 naming what is degraded.
    func ready(_ request: HTTPRequest) -> HTTPResponse {
        var checks: [(String, String)] = [("riskCore", "ok"), ("parameters", parameters.validationIssues().isEmpty ? "ok" : "invalid")]
        if let oracle {
            let unavailable = oracle.prices().filter { $0.status == .unavailable }.map(\.asset)
            checks.append(("oracle", unavailable.isEmpty ? "ok" : "degraded: no price for \(unavailable.joined(separator: ", "))"))
        } else {
            checks.append(("oracle", "disabled"))
        }
        if let cluster {
            checks.append(("cluster", cluster.isStarved ? "degraded: instance \(cluster.instanceID) holds no shards" : "ok"))
        }
        let degraded = checks.filter { $0.1 != "ok" && $0.1 != "disabled" }.map(\.0)
        let body: JSONValue = .object([
            "status": .string(degraded.isEmpty ? "ready" : "degraded"),
            "degraded": .array(degraded.map(JSONValue.string)),
            "checks": .object(JSONObject(checks.map { ($0.0, JSONValue.string($0.1)) })),
        ])
        return JSONResponse.make(body, status: degraded.isEmpty ? .ok : .serviceUnavailable)
    }

    /// `GET /metrics`: Prometheus text exposition.
    func prometheus(_ request: HTTPRequest) -> HTTPResponse {
        metrics.setOpenConnections(connectionCount())
        metrics.setParametersVersion(parameters.version)
        if let store, let balance = try? store.read({ try $0.ledger.balance(of: LedgerJournal.insuranceFund) }) { metrics.setInsuranceFund(balance) }
        if let monitor {
            let counts = monitor.statusCounts()
            for status in MonitorRoutes.listStatuses { metrics.setAccounts(status: status, count: counts[status] ?? 0) }
            metrics.setPausedAssets(monitor.pausedAssets.count)
            metrics.setEventStreams(hub?.openStreams ?? 0)
        }
        var response = HTTPResponse(status: .ok, body: metrics.render())
        response.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        return response
    }
}
