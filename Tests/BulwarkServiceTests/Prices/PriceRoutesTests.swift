import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import Testing
@testable import BulwarkService

/// The API with a live oracle polling two feeds served on loopback.
@Suite(.serialized) struct PriceRoutesTests {
    final class Feeds: Sendable {
        let server: HTTPServer

        init() throws {
            server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 1) { request in
                switch request.path {
                case "/api/v3/ticker/price": HTTPResponse(contentType: "application/json", body: #"{"symbol":"BTCUSDT","price":"60010"}"#)
                case "/0/public/Ticker": HTTPResponse(contentType: "application/json", body: #"{"error":[],"result":{"XXBTZUSD":{"c":["59990.0","1"]}}}"#)
                default: HTTPResponse.problem(.notFound, detail: "none")
                }
            }
            server.start()
        }

        var oracleConfiguration: OracleConfiguration {
            let base = "http://127.0.0.1:\(server.port)"
            let text = """
            {"assets": {"BTC": {"sources": [{"type": "binance", "symbol": "BTCUSDT", "baseURL": "\(base)", "interval": 0.2},
                                           {"type": "kraken", "pair": "XBTUSD", "baseURL": "\(base)", "interval": 0.2}]},
                        "ETH": {"sources": [{"type": "binance", "symbol": "ETHUSDT", "baseURL": "http://127.0.0.1:9", "interval": 0.2}]}}}
            """
            return try! OracleConfiguration.parse(try! JSONParser.parse(Array(text.utf8))).get()
        }

        func stop() {
            server.stop()
            server.waitUntilStopped()
        }
    }

    private func call(_ router: Router, _ method: HTTPMethod, _ target: String, _ body: String = "") -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    @Test func requestsWithoutPricesUseTheOracle() throws {
        let feeds = try Feeds()
        defer { feeds.stop() }
        let oracle = PriceOracle(configuration: feeds.oracleConfiguration)
        oracle.start()
        defer { oracle.stop() }
        let router = BulwarkAPI(oracle: oracle).router
        let deadline = Date().addingTimeInterval(5)
        while oracle.price("BTC")?.status != .ok && Date() < deadline { usleep(20_000) }

        let (response, json) = call(router, .post, "/v1/margin", #"{"mode":"isolated","positions":[{"instrument":"BTC-PERPETUAL","size":1}]}"#)
        #expect(response.status == .ok)
        // The median of 60,010 and 59,990; isolated perpetual MM = 2% of spot.
        #expect(json?["maintenanceMargin"]?.double == 0.02 * 60_000)

        let (prices, pricesJSON) = call(router, .get, "/v1/prices")
        #expect(prices.status == .ok)
        let btc = try #require(pricesJSON?["prices"]?.array?.first { $0["asset"]?.string == "BTC" })
        #expect(btc["price"]?.double == 60_000 && btc["status"]?.string == "ok")
        #expect(btc["sources"]?.array?.count == 2)
        let (one, oneJSON) = call(router, .get, "/v1/prices/btc")
        #expect(one.status == .ok && oneJSON?["price"]?.double == 60_000)
        #expect(call(router, .get, "/v1/prices/DOGE").0.status == .notFound)

        // ETH's only source never answers: a request needing ETH gets 503 naming it.
        let (unavailable, problem) = call(router, .post, "/v1/margin", #"{"positions":[{"instrument":"ETH-PERPETUAL","size":1}]}"#)
        #expect(unavailable.status == .serviceUnavailable)
        #expect(problem?["asset"]?.string == "ETH")
        // A request that carries its own ETH price never needs the oracle.
        let (carried, _) = call(router, .post, "/v1/margin", #"{"positions":[{"instrument":"ETH-PERPETUAL","size":1}],"market":{"ETH":{"spot":3000}}}"#)
        #expect(carried.status == .ok)

        let (ready, readyJSON) = call(router, .get, "/readyz")
        #expect(ready.status == .serviceUnavailable)
        #expect(readyJSON?["degraded"]?.array == [.string("oracle")])
        #expect(readyJSON?["checks"]?["oracle"]?.string == "degraded: no price for ETH")
    }
}
