import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle

/// The oracle's aggregated prices and the health of their sources.
struct PriceRoutes: Sendable {
    /// Nil when the feeds are off.
    let oracle: PriceOracle?

    func add(to routes: inout RouteTable) {
        routes.add(.get, "/v1/prices", .reader, prices)
        routes.add(.get, "/v1/prices/{asset}", .reader, price)
    }

    /// `GET /v1/prices`: every configured asset's aggregated price and its sources.
    func prices(_ request: HTTPRequest) -> HTTPResponse {
        var json = JSONStreamWriter()
        let prices = oracle?.prices() ?? []
        let health = sourceHealth()
        json.object { json in
            json.field("enabled", oracle != nil)
            json.array("prices") { json in
                for price in prices { json.element { writePrice(price, health: health, into: &$0) } }
            }
        }
        return JSONResponse.make(bytes: json.finish())
    }

    /// `GET /v1/prices/{asset}`.
    func price(_ request: HTTPRequest) -> HTTPResponse {
        let asset = (request.pathParameters["asset"] ?? "").uppercased()
        guard let oracle, let price = oracle.price(asset) else {
            let known = oracle?.assets.joined(separator: ", ") ?? ""
            return APIError.notFound("the oracle does not price '\(asset)'\(known.isEmpty ? "" : "; it prices \(known)")")
                .response(instance: request.path)
        }
        var json = JSONStreamWriter()
        let health = sourceHealth()
        json.object { writePrice(price, health: health, into: &$0) }
        return JSONResponse.make(bytes: json.finish())
    }

    /// Each source's health by id, read once per response.
    private func sourceHealth() -> [String: SourceHealth] {
        Dictionary(uniqueKeysWithValues: (oracle?.health() ?? []).map { ($0.id, $0) })
    }

    private func writePrice(_ price: AggregatedPrice, health: [String: SourceHealth], into json: inout JSONStreamWriter) {
        json.field("asset", price.asset)
        json.field("price", price.price)
        json.field("confidence", price.confidence)
        json.field("status", price.status.rawValue)
        if let reason = price.reason { json.field("reason", reason) }
        json.array("sources") { json in
            for source in price.sources {
                json.element { json in
                    json.field("source", source.name)
                    json.field("price", source.price)
                    json.field("ageSeconds", source.age)
                    json.field("included", source.included)
                    if let reason = source.reason { json.field("reason", reason) }
                    if let state = health[source.name] {
                        json.field("url", state.url)
                        json.field("latencySeconds", state.latency)
                        if let success = state.lastSuccessAt { json.field("lastSuccess", isoTime(success)) }
                        if let error = state.lastError { json.field("lastError", error) }
                    }
                }
            }
        }
    }

    private func isoTime(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).ISO8601Format()
    }
}
