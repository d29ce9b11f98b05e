import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService

@Suite struct WhatIfOutcomeTests {
    let router: Router

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-whatif-\(UUID().uuidString)").path
        router = BulwarkAPI(now: { .init(iso8601: "2026-03-01T08:00:00Z")! }, store: try SQLiteStore(dataDirectory: directory)).router
    }

    func call(_ method: HTTPMethod, _ target: String, _ body: String) -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    @Test func insufficientMarginIsAnAnswerNotAnError() throws {
        let (response, json) = call(.post, "/v1/margin", """
        {"mode":"isolated","cash":1000,"market":{"BTC":{"spot":60000}},
         "whatIf":[{"instrument":"BTC-PERPETUAL","size":1,"price":60000}]}
        """)
        #expect(response.status == .ok)
        let whatIf = try #require(json?["whatIf"])
        #expect(whatIf["before"]?["status"] == .string("healthy"))
        // Isolated perpetual: IM 4% of 60,000 = 2,400 against equity 1,000.
        #expect(whatIf["after"]?["initialMargin"] == .number(2_400))
        #expect(whatIf["after"]?["status"] == .string("liquidatable"))
        #expect(whatIf["accepted"] == .bool(false))
        #expect(whatIf["reason"]?.string?.hasPrefix("insufficient margin") == true)
        // The main figures are the portfolio before the trades.
        #expect(json?["maintenanceMargin"] == .number(0))
    }

    @Test func tradesThatReduceRiskAreAcceptedBelowInitialMargin() throws {
        let (_, json) = call(.post, "/v1/margin", """
        {"mode":"isolated","cash":1500,"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":60000}],
         "market":{"BTC":{"spot":60000}},"whatIf":[{"instrument":"BTC-PERPETUAL","size":-0.5,"price":60000}]}
        """)
        let whatIf = try #require(json?["whatIf"])
        #expect(whatIf["before"]?["status"] == .string("warning"))
        #expect(whatIf["after"]?["maintenanceMargin"] == .number(600))
        #expect(whatIf["accepted"] == .bool(true))
        #expect(whatIf["reason"] == nil)
    }

    @Test func storedAccountWhatIfChangesNothing() throws {
        _ = call(.put, "/v1/accounts/w", #"{"mode":"isolated","cash":5000}"#)
        let (response, json) = call(.post, "/v1/accounts/w/what-if", """
        {"market":{"BTC":{"spot":60000}},"fills":[{"instrument":"BTC-PERPETUAL","size":1,"price":60000,"fee":30}]}
        """)
        #expect(response.status == .ok)
        #expect(json?["accepted"] == .bool(true))
        #expect(json?["after"]?["equity"] == .number(4_970))
        #expect(call(.get, "/v1/accounts/w", "").1?["version"] == .number(1))
        let (bad, problem) = call(.post, "/v1/accounts/w/what-if", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":0,"price":1}]}"#)
        #expect(bad.status == .unprocessableContent && problem?.problemErrors["fills[0].size"] == "must not be 0")
        #expect(call(.post, "/v1/accounts/none/what-if", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":1,"price":1}]}"#).0.status == .notFound)
        for body in [#"{}"#, #"{"fills":null}"#] {
            let (missing, missingProblem) = call(.post, "/v1/accounts/w/what-if", body)
            #expect(missing.status == .unprocessableContent && missingProblem?.problemErrors["fills"]?.hasPrefix("is required") == true, "\(body)")
        }
        let (badMargin, marginProblem) = call(.post, "/v1/margin", #"{"whatIf":[]}"#)
        #expect(badMargin.status == .unprocessableContent && marginProblem?.problemErrors["whatIf"] != nil)
    }
}
