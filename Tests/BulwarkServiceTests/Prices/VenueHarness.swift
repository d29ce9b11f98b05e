import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore
@testable import BulwarkService

/// An API whose monitor reads the venue's posted prices (no feeds, no set price source), over
/// a fresh store, with a clock the test moves.
struct VenueHarness {
    let clock = TestClock()
    let api: BulwarkAPI
    let directory: String

    init(prices: PriceConfiguration = PriceConfiguration(), access: AccessControl = .unrestricted, directory: String? = nil) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-venue-\(UUID().uuidString)").path
        self.directory = directory
        let clock = clock
        api = BulwarkAPI(now: { Timestamp(secondsSinceEpoch: Int64(clock.now)) }, store: try SQLiteStore(dataDirectory: directory),
                         access: access, prices: prices)
        try api.load()
    }

    var monitor: HealthMonitor { api.monitor! }

    @discardableResult
    func call(_ method: HTTPMethod, _ target: String, _ body: String = "", token: String? = nil) -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        if let token { headers.add("Authorization", "Bearer \(token)") }
        let response = api.router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    /// Posts one price and lets the monitor see it.
    @discardableResult
    func post(_ asset: String, _ price: Double) -> HTTPResponse {
        let response = call(.put, "/v1/prices/\(asset)", #"{"price":\#(price)}"#).0
        monitor.tick()
        return response
    }

    func events() -> [JSONValue] { call(.get, "/v1/events?since=0&limit=1000").1?["events"]?.array ?? [] }
}
