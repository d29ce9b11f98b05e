import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
@testable import BulwarkService
import RiskCore

/// An API over a fresh store with prices set by the test, called in process through its router.
struct MonitorHarness {
    let prices: ManualPriceSource
    let api: BulwarkAPI
    let router: Router
    let store: SQLiteStore
    var monitor: HealthMonitor { api.monitor! }

    let directory: String

    init(prices: [String: Double] = ["BTC": 60_000, "ETH": 3_000, "USDC": 1], liquidation: LiquidationParameters = LiquidationParameters(),
         heartbeatSeconds: Double = 15, directory: String? = nil) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-monitor-\(UUID().uuidString)").path
        self.directory = directory
        store = try SQLiteStore(dataDirectory: directory)
        self.prices = ManualPriceSource(prices)
        api = BulwarkAPI(now: { Timestamp(iso8601: "2026-03-01T08:00:00Z")! }, store: store, priceSource: self.prices,
                         liquidation: liquidation, heartbeatSeconds: heartbeatSeconds)
        router = api.router
        try api.monitor!.load()
    }

    func call(_ method: HTTPMethod, _ target: String, _ body: String = "", headers extra: [(String, String)] = []) -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        for (name, value) in extra { headers.add(name, value) }
        let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    /// Moves a price and lets the monitor see it; returns how many accounts it re-margined.
    @discardableResult
    func move(_ asset: String, to price: Double?, status: PriceOracleStatus = .ok) -> Int {
        prices.set(asset, price, status: status)
        return monitor.tick()
    }

    /// A perpetual-only account in isolated mode: equity = cash + size (S - entry), MM = 0.02 |size| S.
    func putPerpetual(_ id: String, cash: Double, size: Double, entry: Double, underlying: String = "BTC") -> HTTPResponse {
        call(.put, "/v1/accounts/\(id)",
             #"{"cash":\#(cash),"mode":"isolated","positions":[{"instrument":"\#(underlying)-PERPETUAL","size":\#(size),"entryPrice":\#(entry)}]}"#).0
    }

    func events(since: Int64 = 0) -> [JSONValue] {
        call(.get, "/v1/events?since=\(since)&limit=1000").1?["events"]?.array ?? []
    }

    /// The ledger's balance of a book.
    func balance(_ book: String) throws -> Double { try store.read { try $0.ledger.balance(of: book) } }
}

typealias PriceOracleStatus = AggregatedPrice.Status
