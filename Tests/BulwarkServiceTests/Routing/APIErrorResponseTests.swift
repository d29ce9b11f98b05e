import BulwarkJSON
import Foundation
import HTTPServer
import PriceOracle
import Testing
@testable import BulwarkService

/// Bad input gets problem+json naming the field and the reason, never a 500.
@Suite struct APIErrorResponseTests {
    let client = APIClient()

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,\"a\":2}", "nul", "{\"positions\": [}", "\u{FF}", "{} {}"])
    func malformedJSONIs400(_ body: String) {
        let (response, json) = client.post("/v1/margin", body)
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(json?["type"]?.string == "urn:bulwark:problem:malformed-json")
        #expect(json?["status"]?.double == 400)
        #expect(json?["instance"]?.string == "/v1/margin")
    }

    static let invalid: [(String, String, String)] = [
        (#"{"cash":"abc"}"#, "cash", "must be a number or a decimal string like \"60000.5\""),
        (#"{"cash":""}"#, "cash", "must be a number; an empty string is not zero"),
        (#"{"cash":1e999}"#, "cash", "must be a finite number"),
        (#"{"cash":"NaN"}"#, "cash", "must be a number or a decimal string like \"60000.5\""),
        (#"{"mode":"yolo"}"#, "mode", "must be one of isolated, cross, portfolio"),
        (#"{"postions":[]}"#, "postions", "is not a known field; known: accountCurrency, asOf, cash, collateral, instrumentNames, marginAddOns, market, methodology, mode, positions, whatIf"),
        (#"{"positions":[{"instrument":"BTC-31MAR26-65000-C","size":1,"markIv":0}],"market":{"BTC":{"spot":60000}}}"#,
         "positions[0].markIv", "must be greater than 0"),
        (#"{"positions":[{"instrument":{"underlying":"BTC","kind":"call","strike":-5,"expiry":"2026-03-27T08:00:00Z"},"size":1,"markIv":0.5}],"market":{"BTC":{"spot":60000}}}"#,
         "positions[0].strike", "must be greater than 0"),
        (#"{"positions":[{"instrument":"BTC-31MAR26-65000-Q","size":1}]}"#, "positions[0].instrument", "'Q' is not C or P"),
        (#"{"positions":[{"instrument":"DOGE-PERPETUAL","size":1}],"market":{"DOGE":{"spot":0.1}}}"#,
         "positions[0].underlying", "unknown underlying 'DOGE'; known: BTC, ETH, SOL"),
        (#"{"positions":[{"instrument":"BTC-PERPETUAL","size":1e12}],"market":{"BTC":{"spot":60000}}}"#,
         "positions[0].size", "must be between -1e9 and 1e9"),
        (#"{"positions":[{"instrument":"BTC-PERPETUAL"}]}"#, "positions[0].size", "is required"),
        (#"{"positions":[null]}"#, "positions[0]", "must be an object, not null"),
        (#"{"market":{"BTC":{"spot":60000,"expiries":{"2027-03-26T08:00:00Z":null}}}}"#,
         "market.BTC.expiries[2027-03-26T08:00:00Z]", "must be an object, not null"),
        (#"{"positions":[{"instrument":{"underlying":"BTC","kind":null},"size":1}],"market":{"BTC":{"spot":60000}}}"#,
         "positions[0].kind", "is required: call, put, future or perpetual"),
        (#"{"positions":[{"instrument":"BTC-PERPETUAL","size":1}],"market":{"BTC":{"spot":-1}}}"#, "market.BTC.spot", "must be greater than 0"),
        (#"{"positions":[{"instrument":"BTC-1JAN26-50000-C","size":1,"markIv":0.5}],"market":{"BTC":{"spot":60000}}}"#,
         "positions[0].expiry", "expired at 2026-01-01T08:00:00Z, more than 86400 s before asOf; a settled instrument is no longer a position"),
        (#"{"asOf":"yesterday"}"#, "asOf", "must be an ISO-8601 date-time like 2026-03-27T08:00:00Z"),
        (#"{"collateral":[{"asset":"USDC","amount":-5,"price":1}]}"#, "collateral[0].amount", "must be at least 0; borrowing is negative cash"),
        (#"{"methodology":{"profile":"nope"}}"#, "methodology.profile", "unknown profile 'nope'; known: standard, deribit-pm, derive-pmrm2, derive-srm, span16"),
        (#"{"methodology":{"parameters":{"initialMarginFactor":0.5}}}"#, "methodology.parameters.initialMarginFactor",
         "must be at least 1: initial margin is never below maintenance"),
        (#"{"methodology":{"parameters":{"nope":1}}}"#, "methodology.parameters.nope",
         "is not a parameter; known: collateral, initialMarginFactor, settlementGraceSeconds, underlyings"),
        (#"{"methodology":{"parameters":{"initialMarginFactor":"x"}}}"#, "methodology.parameters.initialMarginFactor", "must be a number"),
        ("[1,2]", "", "the body must be a JSON object"),
    ]

    @Test(arguments: invalid)
    func invalidValuesAre422NamingTheField(_ body: String, _ field: String, _ reason: String) {
        let (response, json) = client.post("/v1/margin", body)
        #expect(response.status == .unprocessableContent, "\(body)")
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(json?["type"]?.string == "urn:bulwark:problem:invalid-fields")
        #expect(json?.problemErrors[field] == reason, "\(body): \(json?.problemErrors ?? [:])")
    }

    @Test func shapeAndValueProblemsAreReportedTogether() {
        let (response, json) = client.post("/v1/margin", #"{"cash":"","positions":[{"instrument":"BTC-31MAR26-65000-C","size":"","markIv":-1},{"instrument":"BTC-PERPETUAL","size":2e9}],"market":{"BTC":{"spot":0}}}"#)
        #expect(response.status == .unprocessableContent)
        let errors = json?.problemErrors ?? [:]
        #expect(errors["cash"] == "must be a number; an empty string is not zero")
        #expect(errors["positions[0].size"] == "must be a number; an empty string is not zero")
        #expect(errors["positions[0].markIv"] == "must be greater than 0")
        #expect(errors["positions[1].size"] == "must be between -1e9 and 1e9")
        #expect(errors["market.BTC.spot"] == "must be greater than 0")
        #expect(errors.count == 5)
    }

    @Test func missingPriceWithoutAFeedIs422NamingTheField() {
        let (response, json) = client.post("/v1/margin", #"{"positions":[{"instrument":"ETH-PERPETUAL","size":1}]}"#)
        #expect(response.status == .unprocessableContent)
        #expect(json?.problemErrors["market.ETH.spot"] == "is required: no price for ETH and no price feed is configured for ETH")
    }

    @Test func missingPriceWithAFeedIs503NamingTheAsset() {
        // An oracle that prices ETH but has no price yet (its source is never polled here).
        let configuration = try! OracleConfiguration.parse(try! JSONParser.parse(Array(
            #"{"assets": {"ETH": {"sources": [{"type": "binance", "symbol": "ETHUSDT", "baseURL": "http://127.0.0.1:9"}]}}}"#.utf8))).get()
        let api = BulwarkAPI(oracle: PriceOracle(configuration: configuration))
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let response = api.router.handle(HTTPRequest(method: .post, target: "/v1/margin", headers: headers,
                                                     body: Array(#"{"positions":[{"instrument":"ETH-PERPETUAL","size":1}]}"#.utf8)))
        let json = try? JSONParser.parse(response.body)
        #expect(response.status == .serviceUnavailable)
        #expect(json?["asset"]?.string == "ETH")
        #expect(json?["type"]?.string == "urn:bulwark:problem:market-data-unavailable")
        #expect(response.headers["Retry-After"] != nil)
    }

    @Test func nonJSONMediaTypeIs415() {
        let (response, _) = client.call(.post, "/v1/margin", body: "{}", contentType: "multipart/form-data; boundary=x")
        #expect(response.status == .unsupportedMediaType)
        let (curlDefault, _) = client.call(.post, "/v1/margin", body: "{}", contentType: "application/x-www-form-urlencoded")
        #expect(curlDefault.status == .ok)
    }
}
