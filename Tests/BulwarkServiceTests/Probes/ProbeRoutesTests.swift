import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct ProbeRoutesTests {
    let client = APIClient()

    @Test func theIndexListsEveryRoute() throws {
        let (response, json) = client.call(.get, "/")
        let list = json?["routes"]?.array ?? []
        let routes = list.compactMap { $0.string }
        #expect(response.status == .ok && routes.count == client.router.routes.count)
        #expect(routes.first == "GET /" && routes.contains("POST /v1/margin") && routes.contains("GET /metrics"))
        #expect(json?["parameters"]?["version"]?.string == RiskParameters.standardDefaults.version)
    }

    @Test func healthAndMetrics() throws {
        #expect(client.call(.get, "/livez").0.status == .ok)
        #expect(client.call(.get, "/healthz").0.status == .ok)
        let (ready, readyJSON) = client.call(.get, "/readyz")
        #expect(ready.status == .ok && readyJSON?["status"]?.string == "ready")
        _ = client.post("/v1/margin", samplePortfolio)
        let (metrics, _) = client.call(.get, "/metrics")
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(metrics.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(text.contains("bulwark_http_requests_total{route=\"/v1/margin\",method=\"POST\",status=\"200\"} 1"))
        #expect(text.contains("bulwark_http_request_duration_seconds_bucket{route=\"/v1/margin\""))
        #expect(text.contains("bulwark_margin_computation_seconds_count{mode=\"portfolio\"} 1"))
        #expect(text.contains("bulwark_margin_results_total{status=\"healthy\"} 1"))
    }
}
