import BulwarkJSON
import Foundation
import HTTPServer
import Synchronization
import Testing

/// A price feed the test controls, served over HTTP for the real service's oracle.
final class TestPriceFeed: Sendable {
    private let current = Mutex(60_000.0)
    private(set) nonisolated(unsafe) var server: HTTPServer!

    var price: Double {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    init() throws {
        var router = Router()
        router.add(.get, "/btc") { [unowned self] _ in
            HTTPResponse(contentType: "application/json", body: "{\"price\":\(price)}")
        }
        server = try HTTPServer(host: "127.0.0.1", port: 0, loopCount: 1, handler: router.handle)
        server.start()
    }

    /// A service config pricing BTC (and USDC at 1) from this feed every 50 ms.
    var serviceConfig: String {
        #"""
        {"oracle": {"assets": {"BTC": {"quorum": 1, "circuitBreakerMove": 10,
                                       "sources": [{"type": "json", "url": "http://127.0.0.1:\#(server.port)/btc", "path": "price", "interval": 0.05}]}}},
         "monitor": {"intervalSeconds": 0.05}, "auth": {"anonymous": "admin"}}
        """#
    }

    func stop() {
        server.stop()
        server.waitUntilStopped()
    }
}

final class BurstState: Sendable {
    let stop = Atomic<Bool>(false)
    let acknowledged = Atomic<Int>(0)
    let executions = Atomic<Int>(0)
}

/// Every movement of money is a ledger entry; after kill -9 in the middle of liquidations,
/// trades and deposits, the ledger still sums to zero and every account's book is its cash.
@Suite(.serialized) struct LiquidationServiceTests {
    @Test func theLedgerBalancesAfterAKillDuringLiquidations() throws {
        let feed = try TestPriceFeed()
        defer { feed.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-ledger-\(UUID().uuidString)").path
        let service = try ServiceProcess(dataDirectory: directory, config: feed.serviceConfig)
        let client = try BlockingHTTPClient(port: service.port)
        #expect(client.send("POST", "/v1/insurance-fund/deposits", body: #"{"amount":100000}"#) == 201)
        let accounts = (0..<12).map { "acct-\($0)" }
        for id in accounts {
            let body = #"{"cash":30000,"mode":"isolated","positions":[{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":60000}]}"#
            #expect(client.send("PUT", "/v1/accounts/\(id)", body: body) == 201)
        }
        // 58,000: equity 10,000 under MM 11,600, every account liquidatable.
        feed.price = 58_000
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, client.request("GET", "/v1/accounts/acct-0/health")?.body.contains("\"liquidatable\"") != true {
            usleep(20_000)
        }
        #expect(client.request("GET", "/v1/accounts/acct-0/health")?.body.contains("\"liquidatable\"") == true)

        let port = service.port
        let state = BurstState()
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? BlockingHTTPClient(port: port) else { return }
                var round = 0
                while !state.stop.load(ordering: .relaxed) {
                    let id = accounts[(worker * 3 + round) % accounts.count]
                    let status: Int?
                    switch round % 3 {
                    case 0:
                        status = client.send("POST", "/v1/accounts/\(id)/liquidations/executions",
                                             body: #"{"keeper":"k\#(worker)","fills":[{"instrument":"BTC-PERPETUAL","size":-0.01,"price":58000}]}"#)
                    case 1:
                        status = client.send("POST", "/v1/accounts/\(id)/trades",
                                             body: #"{"fills":[{"instrument":"BTC-PERPETUAL","size":0.01,"price":58000,"fee":1.5}]}"#)
                    default:
                        status = client.send("POST", "/v1/insurance-fund/deposits", body: #"{"amount":10}"#)
                    }
                    guard let status else { return }
                    if status < 300 { state.acknowledged.add(1, ordering: .relaxed) }
                    if status == 200 && round % 3 == 0 { state.executions.add(1, ordering: .relaxed) }
                    round += 1
                }
            }.start()
        }
        usleep(700_000)
        service.kill9()
        state.stop.store(true, ordering: .relaxed)
        group.wait()
        #expect(state.acknowledged.load(ordering: .relaxed) > 10)
        #expect(state.executions.load(ordering: .relaxed) > 0)

        let restarted = try ServiceProcess(dataDirectory: directory, config: feed.serviceConfig)
        defer { restarted.terminate() }
        let after = try BlockingHTTPClient(port: restarted.port)
        let ledger = try JSONParser.parse(Array((after.request("GET", "/v1/ledger")?.body ?? "").utf8))
        #expect(ledger["balanced"] == .bool(true))
        #expect(abs(ledger["total"]?.double ?? 1) < 1e-6)
        #expect((ledger["entryCount"]?.double ?? 0) > 20)
        let books = ledger["books"]
        #expect(books?["keeper:k0"] != nil && books?["fees"] != nil)
        for id in accounts {
            let account = try JSONParser.parse(Array((after.request("GET", "/v1/accounts/\(id)")?.body ?? "").utf8))
            let cash = account["cash"]?.double ?? .nan
            let book = books?["account:\(id)"]?.double ?? .nan
            #expect(abs(cash - book) < 1e-6, "\(id): cash \(cash), ledger \(book)")
        }
        // Penalties reached the fund: it holds deposits plus its share.
        let fund = try JSONParser.parse(Array((after.request("GET", "/v1/insurance-fund")?.body ?? "").utf8))
        #expect((fund["balance"]?.double ?? 0) >= 100_000)
    }
}
