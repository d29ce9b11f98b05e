import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

/// `deribit-pm` over HTTP: Deribit's request shape (docs/DERIBIT-PM.md, ../shared/deribit
/// section 5), its `model_params` verbatim, account add-ons, the breakdown's names.
@Suite struct DeribitPMRouteTests {
    let client = APIClient()

    static let book = """
    "mode": "portfolio", "asOf": "2024-06-17T10:22:20.501Z", "accountCurrency": "BTC", "instrumentNames": "deribit", "cash": 0,
     "positions": [{"instrument": "BTC-PERPETUAL", "size": 0.314538364, "sizeUnit": "coin"}, {"instrument": "BTC-28JUN24", "size": -0.001187534}],
     "market": {"BTC": {"spot": 65666.19, "perpPrice": 65910.57, "expiries": {"2024-06-28T08:00:00Z": {"forward": 67371.75}}}}
    """

    @Test func deribitsBTCExampleOverHTTP() throws {
        let body = "{" + Self.book + #", "methodology": {"profile": "deribit-pm"}, "marginAddOns": {"mmp": 0.06, "openOrders": 0.000018212, "spot": 0}}"#
        let (response, json) = client.post("/v1/margin", body)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        let answer = try #require(json)
        #expect(answer["accountCurrency"]?.string == "BTC" && answer["initialMargin"]?.double == 0.122861343)
        let maintenance = try #require(answer["maintenanceMargin"]?.double)
        #expect(abs(maintenance - 0.050274504784) < 1e-12)
        let btc = try #require(answer["breakdown"]?["underlyings"]?[0])
        #expect(btc["riskMatrixLoss"]?.double == 0.059685872 && btc["deltaShock"]?.double == 0)
        let rollShock = try #require(btc["rollShock"]?.double)
        let matrixMargin = try #require(btc["riskMatrixMargin"]?.double)
        #expect(abs(rollShock - 0.00315725898) < 1e-12 && abs(matrixMargin - 0.06284313098) < 1e-12)
        let first = try #require(btc["scenarios"]?[0])
        #expect(first["spotShock"]?.double == -0.16 && first["volatility"]?.string == "up" && first["extended"] == .bool(false))
        #expect(btc["scenarios"]?[1]?["volatility"]?.string == "none" && btc["scenarios"]?.array?.count == 35)
        #expect(answer["breakdown"]?["marginAddOns"]?["mmp"]?.double == 0.06)
    }

    /// Deribit's own object under `methodology.parameters.modelParams`, merged over the
    /// defaults pair by pair; unknown keys are refused by name.
    @Test func modelParamsAreTakenVerbatim() throws {
        let overrides = #""methodology": {"profile": "deribit-pm", "parameters": {"modelParams": {"currency_pair": {"btc_usd": {"price_range": 0.2, "buckets_count": 2}}, "currency": {"btc": {"min_annualised_move": 0.02}}, "general": {"mm_factor": 0.75}}}}"#
        let (response, json) = client.post("/v1/margin", "{" + Self.book + ", " + overrides + "}")
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        let btc = try #require(json?["breakdown"]?["underlyings"]?[0])
        #expect(btc["scenarios"]?.array?.count == 5 * 3 + 8 && btc["scenarios"]?[0]?["spotShock"]?.double == -0.2)
        let rollShock = try #require(btc["rollShock"]?.double)
        #expect(abs(rollShock - 0.02 * (0.314538364 + 0.001187534)) < 1e-12)
        #expect(json?["breakdown"]?["mmFactor"]?.double == 0.75)

        let typo = #""methodology": {"profile": "deribit-pm", "parameters": {"modelParams": {"currency_pair": {"btc_usd": {"price_rnge": 0.2}}}}}"#
        let (refused, problem) = client.post("/v1/margin", "{" + Self.book + ", " + typo + "}")
        #expect(refused.status == .unprocessableContent)
        #expect(problem?.problemErrors.keys.contains("methodology.parameters.modelParams.currency_pair.btc_usd.price_rnge") == true, "\(problem?.problemErrors ?? [:])")
    }

    @Test func addOnsAreDeribitsState() throws {
        let (response, json) = client.post("/v1/margin", "{" + Self.book + #", "marginAddOns": {"mmp": 0.06}}"#)
        #expect(response.status == .unprocessableContent)
        #expect(json?.problemErrors["marginAddOns"] == "applies to deribit-pm only (Deribit's account state); not to standard")
        let (negative, problem) = client.post("/v1/margin", "{" + Self.book + #", "methodology": {"profile": "deribit-pm"}, "marginAddOns": {"openOrders": -1}}"#)
        #expect(negative.status == .unprocessableContent)
        #expect(problem?.problemErrors["marginAddOns.openOrders"] == "must be a finite amount from 0 to 1e15, in the account currency")
    }
}
