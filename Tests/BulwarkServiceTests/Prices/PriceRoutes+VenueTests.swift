import BulwarkJSON
import Foundation
import HTTPServer
import Testing
import RiskCore
@testable import BulwarkService

/// `PUT /v1/prices/{asset}` and `PUT /v1/prices`: the venue's own prices, used by every route
/// and the monitor.
@Suite struct PriceRoutesVenueTests {
    let account = #"{"cash":30000,"mode":"isolated","positions":[{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":90000}]}"#

    @Test func onlyExchangeKeysAndAboveMayPost() throws {
        let keys = [Role.reader, .exchange].map { APIKey(id: "\($0.rawValue)-key", role: $0, tokenHash: APIKey.hash("bwk_\($0.rawValue)")) }
        let harness = try VenueHarness(access: AccessControl(keys: keys, anonymousRole: .reader))
        #expect(harness.call(.put, "/v1/prices/BTC", #"{"price":1}"#).0.status == .unauthorized)
        #expect(harness.call(.put, "/v1/prices/BTC", #"{"price":1}"#, token: "bwk_reader").0.status == .forbidden)
        #expect(harness.call(.put, "/v1/prices", #"{"prices":{"BTC":{"price":1}}}"#, token: "bwk_reader").0.status == .forbidden)
        #expect(harness.call(.put, "/v1/prices/BTC", #"{"price":1}"#, token: "bwk_exchange").0.status == .ok)
        #expect(harness.call(.get, "/v1/prices/BTC").0.status == .ok)
    }

    @Test func everyFieldIsCheckedAndNamed() throws {
        let harness = try VenueHarness()
        let cases: [(String, String, String)] = [
            ("/v1/prices/BTC", #"{}"#, "price"),
            ("/v1/prices/BTC", #"{"price":-5}"#, "price"),
            ("/v1/prices/BTC", #"{"price":1,"confidence":1.5}"#, "confidence"),
            ("/v1/prices/BTC", #"{"price":1,"timestamp":"yesterday"}"#, "timestamp"),
            ("/v1/prices/BTC", #"{"price":1,"timestamp":"1970-01-01T00:10:00Z"}"#, "timestamp"),
            ("/v1/prices/BTC", #"{"price":1,"timestamp":"2030-01-01T00:00:00Z"}"#, "timestamp"),
            ("/v1/prices/BTC", #"{"price":1,"prise":2}"#, "prise"),
            ("/v1/prices/B-TC", #"{"price":1}"#, "asset"),
            ("/v1/prices", #"{"prices":{}}"#, "prices"),
            ("/v1/prices", #"{"prices":{"ETH":{"price":"x"}}}"#, "prices.ETH.price"),
            ("/v1/prices", #"{"prices":{"ETH":{"price":1},"SOL":{"price":0}}}"#, "prices.SOL.price"),
        ]
        for (target, body, field) in cases {
            let (response, json) = harness.call(.put, target, body)
            #expect(response.status == .unprocessableContent, "\(target) \(body)")
            #expect(json?.problemErrors[field] != nil, "\(body): \(json?.problemErrors ?? [:])")
        }
        // All or none: the refused batch stored nothing, not even its valid ETH.
        #expect(harness.call(.get, "/v1/prices/ETH").0.status == .notFound)
    }

    @Test func aPostedPriceIsUsedShownAndKept() throws {
        let harness = try VenueHarness()
        let (posted, answer) = harness.call(.put, "/v1/prices/btc", #"{"price":"90000.5","confidence":0.99}"#)
        #expect(posted.status == .ok && answer?["asset"] == .string("BTC") && answer?["price"] == .number(90_000.5))
        #expect(answer?["used"] == .bool(true) && answer?["timestamp"] == .string("1970-01-01T00:16:40Z"))
        let (_, batch) = harness.call(.put, "/v1/prices", #"{"prices":{"ETH":{"price":3100,"timestamp":"1970-01-01T00:16:30Z"},"USDC":{"price":1}}}"#)
        #expect(batch?["prices"]?.array?.compactMap { $0["asset"]?.string } == ["ETH", "USDC"])
        let (_, list) = harness.call(.get, "/v1/prices")
        #expect(list?["precedence"] == .string("venue-first") && list?["enabled"] == .bool(false))
        #expect(list?["prices"]?.array?.map { $0["source"] } == [.string("venue"), .string("venue"), .string("venue")])
        #expect(list?["venue"]?[1]?["ageSeconds"] == .number(10) && list?["venue"]?[0]?["confidence"] == .number(0.99))

        // A margin request without a market is margined at the posted price: 1 BTC long at 90,000.5.
        let (margin, figures) = harness.call(.post, "/v1/margin", #"{"mode":"isolated","cash":1000,"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":90000}]}"#)
        #expect(margin.status == .ok && figures?["equity"] == .number(1_000.5))

        // A restart resumes with the stored prices.
        let restarted = try VenueHarness(directory: harness.directory)
        restarted.clock.advance(5)
        #expect(restarted.call(.get, "/v1/prices/BTC").1?["price"] == .number(90_000.5))
    }

    @Test func theMonitorRemarginsOnAPostedPriceAndPausesOnAStaleOne() throws {
        let harness = try VenueHarness()
        #expect(harness.call(.put, "/v1/accounts/acct-2", account).0.status == .created)
        #expect(harness.call(.get, "/v1/accounts/acct-2/health").1?["status"] == .string("unpriced"))
        harness.post("BTC", 90_000)
        // Equity 30,000 against a maintenance margin of 0.02 x 10 x 90,000 = 18,000: above the line.
        let above = harness.call(.get, "/v1/accounts/acct-2/health").1
        #expect(above?["status"] == .string("warning") && above?["maintenanceMargin"] == .number(18_000))
        // Equity 30,000 + 10 x (87,500 - 90,000) = 5,000 against 0.02 x 10 x 87,500 = 17,500.
        harness.post("BTC", 87_500)
        let health = harness.call(.get, "/v1/accounts/acct-2/health").1
        #expect(health?["status"] == .string("liquidatable") && health?["equity"] == .number(5_000))
        #expect(health?["maintenanceMargin"] == .number(17_500))
        let transitions = harness.events().filter { $0["type"] == .string("account.status") }
        #expect(transitions.compactMap { $0["to"]?.string } == ["warning", "liquidatable"])
        #expect(transitions.last?["prices"]?["BTC"] == .number(87_500))
        #expect(harness.call(.get, "/v1/liquidations").1?["plans"]?.array?.count == 1)

        // 61 s later the price is stale: liquidations pause on BTC and the account is unpriced, saying why.
        harness.clock.advance(61)
        harness.monitor.tick()
        let paused = harness.events().last
        #expect(paused?["type"] == .string("liquidations.paused") && paused?["asset"] == .string("BTC"))
        #expect(paused?["reason"]?.string?.contains("the venue's price is 61 s old (prices.maxAge 60 s)") == true)
        let stale = harness.call(.get, "/v1/accounts/acct-2/health").1
        #expect(stale?["status"] == .string("unpriced"))
        let execution = harness.call(.post, "/v1/accounts/acct-2/liquidations/executions",
                                     #"{"keeper":"k-1","fills":[{"instrument":"BTC-PERPETUAL","size":-4,"price":88000}]}"#)
        #expect(execution.0.status == .conflict)
        // A fresh price resumes them.
        harness.post("BTC", 87_600)
        #expect(harness.events().last?["type"] == .string("liquidations.resumed"))
    }
}
