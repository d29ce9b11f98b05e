import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct MarginRoutesTests {
    let client = APIClient()

    @Test func marginMatchesTheRiskCore() throws {
        let (response, json) = client.post("/v1/margin", samplePortfolio)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        let body = try #require(json)
        let expiry = Timestamp(iso8601: "2026-03-31T08:00:00Z")!
        let portfolio = Portfolio(cash: 10_000, positions: [
            Position(instrument: .option("BTC", .call, strike: 65_000, expiry: expiry), size: -1, markIv: 0.6),
            Position(instrument: .perpetual("BTC"), size: 0.5, entryPrice: 59_000),
        ])
        let expected = try StandardMethodology().margin(portfolio, market: MarketData(["BTC": AssetMarket(spot: 60_000)]),
                                                        asOf: Timestamp(iso8601: "2026-03-01T08:00:00Z")!, mode: .portfolio)
        #expect(body["maintenanceMargin"]?.double == expected.maintenanceMargin)
        #expect(body["initialMargin"]?.double == expected.initialMargin)
        #expect(body["equity"]?.double == expected.equity)
        #expect(body["unrealizedPnl"]?.double == 500)
        #expect(body["marginRatio"]?.double == expected.marginRatio)
        #expect(body["status"]?.string == "healthy")
        #expect(body["mode"]?.string == "portfolio")
        #expect(body["parameters"]?["version"]?.string == RiskParameters.standardDefaults.version)
        #expect(body["positions"]?[0]?["instrument"]?.string == "BTC-31MAR26-65000-C")
        #expect(body["breakdown"]?["underlyings"]?[0]?["scenarios"]?.array?.count == 29)
        #expect(body["greeks"]?["BTC"]?["delta"]?.double == expected.greeks["BTC"]!.delta)
    }

    @Test(arguments: ["isolated", "cross", "portfolio"])
    func everyModeAnswers(_ mode: String) throws {
        let body = samplePortfolio.replacingOccurrences(of: "\"mode\":\"portfolio\"", with: "\"mode\":\"\(mode)\"")
        let (response, json) = client.post("/v1/margin", body)
        #expect(response.status == .ok)
        #expect(json?["mode"]?.string == mode)
        #expect((json?["maintenanceMargin"]?.double ?? 0) > 0)
    }

    @Test func marginRatioIsNullWithoutRequirement() {
        let (response, json) = client.post("/v1/margin", #"{"cash": 100}"#)
        #expect(response.status == .ok)
        #expect(json?["marginRatio"] == .null)
        #expect(json?["equity"]?.double == 100)
    }

    @Test func structuredInstrumentsAndExpiriesWork() throws {
        let body = """
        {"asOf":"2026-03-01T08:00:00Z","positions":[{"instrument":{"underlying":"BTC","kind":"put","strike":55000,"expiry":"2026-03-20T16:00:00Z"},"size":-2,"markIv":0.7}],
         "market":{"BTC":{"spot":60000,"expiries":{"2026-03-20T16:00:00Z":{"forward":60300,"rate":0.05}}}}}
        """
        let (response, json) = client.post("/v1/margin", body)
        #expect(response.status == .ok)
        let position = try #require(json?["positions"]?[0])
        #expect(position["forward"]?.double == 60_300)
        #expect(position["instrument"]?["kind"]?.string == "put")
    }

    @Test func parameterOverridesChangeTheVersionAndTheMargin() throws {
        let (_, base) = client.post("/v1/margin", samplePortfolio)
        let overridden = samplePortfolio.replacingOccurrences(
            of: "\"mode\":\"portfolio\"",
            with: #""mode":"portfolio","methodology":{"profile":"standard","parameters":{"initialMarginFactor":2}}"#)
        let (response, json) = client.post("/v1/margin", overridden)
        #expect(response.status == .ok)
        #expect(json?["parameters"]?["version"]?.string != base?["parameters"]?["version"]?.string)
        #expect(json?["initialMargin"]?.double == (base?["maintenanceMargin"]?.double).map { $0 * 2 })
    }

    @Test func scenariosReportEveryScenarioAndTheWorstPositions() throws {
        let body = samplePortfolio.replacingOccurrences(of: "\"mode\":\"portfolio\",", with: #""grid":{"spotShocks":[-0.2,0,0.2],"volShocks":[0,0.5]},"#)
        let (response, json) = client.post("/v1/scenarios", body)
        #expect(response.status == .ok)
        let btc = try #require(json?["underlyings"]?[0])
        #expect(btc["scenarios"]?.array?.count == 6)
        let worst = try #require(btc["worstScenario"])
        let lowest = (btc["scenarios"]?.array ?? []).compactMap { $0["weightedPnl"]?.double }.min()
        #expect(worst["weightedPnl"]?.double == lowest)
        let pnls = (btc["positions"]?.array ?? []).compactMap { $0["pnl"]?.double }
        #expect(pnls.count == 2)
        #expect(abs(pnls.reduce(0, +) - (worst["pnl"]?.double ?? 0)) < 1e-9)
        // The perpetual: 0.5 x 60,000 x the worst spot shock.
        #expect(abs(pnls[1] - 30_000 * (worst["spotShock"]?.double ?? .nan)) < 1e-9)
    }
}
