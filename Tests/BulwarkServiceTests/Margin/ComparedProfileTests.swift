import BulwarkJSON
import Foundation
import Testing
@testable import BulwarkService

@Suite struct ComparedProfileTests {
    @Test func oneRequestMarginsUnderEveryProfile() throws {
        let body = """
        {"asOf":"2026-03-01T08:00:00Z","cash":50000,
         "methodology":{"compare":["standard","deribit-pm","derive-pmrm2","span16"]},
         "positions":[{"instrument":"BTC-31MAR26-65000-C","size":-1,"markIv":0.6},{"instrument":"BTC-31MAR26-55000-P","size":-1,"markIv":0.65},
                      {"instrument":"BTC-PERPETUAL","size":0.2}],
         "market":{"BTC":{"spot":60000},"USDC":{"spot":1}}}
        """
        let (response, json) = APIClient().post("/v1/margin", body)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        let comparison = try #require(json?["comparison"]?.array)
        #expect(comparison.compactMap { $0["profile"]?.string } == ["standard", "deribit-pm", "derive-pmrm2", "span16"])
        let requirements = comparison.compactMap { $0["maintenanceMargin"]?.double }
        #expect(requirements.count == 4)
        #expect(requirements.allSatisfy { $0 > 0 })
        #expect(Set(requirements).count == 4)
        #expect(json?["methodology"]?["profile"]?.string == "standard")
        #expect(comparison[0]["maintenanceMargin"]?.double == json?["maintenanceMargin"]?.double)
    }

    @Test func aProfileThatCannotMarginSaysWhyInsideTheComparison() throws {
        let body = """
        {"asOf":"2026-03-01T08:00:00Z","methodology":{"profile":"standard","compare":["derive-pmrm2"]},
         "positions":[{"instrument":"BTC-PERPETUAL","size":1},{"instrument":"ETH-PERPETUAL","size":1}],
         "market":{"BTC":{"spot":60000},"ETH":{"spot":3000},"USDC":{"spot":1}}}
        """
        let (response, json) = APIClient().post("/v1/margin", body)
        #expect(response.status == .ok)
        let derive = try #require(json?["comparison"]?[0])
        #expect(derive["error"]?["status"]?.double == 422)
        #expect(derive["error"]?.problemErrors["positions"]?.contains("one underlying") == true)
    }

    @Test func portfolioOnlyProfilesRefuseOtherModes() {
        let (response, json) = APIClient().post("/v1/margin", #"{"mode":"cross","methodology":{"profile":"span16"}}"#)
        #expect(response.status == .unprocessableContent)
        #expect(json?.problemErrors["mode"] == "span16 is a portfolio-mode profile")
    }
}
