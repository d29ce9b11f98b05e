import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService

/// Derive's published SRM cases through POST /v1/margin (the fixture made by
/// scripts/derive_srm_cases_to_fixture.py with ../shared/derive-srm/MAPPING.md): portfolio
/// cases to the whole dollar, unit cases to 1e-6 relative.
@Suite struct DeriveSRMRouteTests {
    static func cases() throws -> [DeriveCase] { try DeriveCase.load("derive_srm_cases") }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: DeriveCase) throws {
        let (body, mm) = try derive.postAndMatch()
        #expect(body["breakdown"]?["deriveMaintenance"]?.double.map { abs($0 - mm) < 1e-6 * max(1, abs(mm)) } == true)
    }

    @Test func badInputIsNamed() {
        let client = APIClient()
        let cases: [(String, String)] = [
            (#"{"methodology":{"profile":"derive-srm"},"positions":[{"instrument":"ETH-27JAN23-2000-C","size":-1,"markIv":0.5}],"market":{"ETH":{"spot":2000},"USDC":{"spot":1}}}"#,
             "market.ETH.expiries.2023-01-27T08:00:00Z.forward"),
            (#"{"methodology":{"profile":"derive-srm","parameters":{"optionMarginParams":{"maxSpotReq":0.2,"nope":1}}},"positions":[]}"#,
             "methodology.parameters.optionMarginParams.nope"),
            (#"{"methodology":{"profile":"derive-srm","parameters":{"riskParams":{"x":1}}},"positions":[]}"#,
             "methodology.parameters.riskParams"),
            (#"{"methodology":{"profile":"derive-srm","parameters":{"depegParams":{"threshold":-0.5}}},"positions":[],"market":{"USDC":{"spot":1}}}"#,
             "methodology.parameters.depegParams.threshold"),
            (#"{"methodology":{"profile":"derive-srm"},"collateral":[{"asset":"USDT","amount":5}],"market":{"USDC":{"spot":1},"USDT":{"spot":1}}}"#,
             "collateral[0].asset"),
        ]
        for (body, field) in cases {
            let (response, json) = client.post("/v1/margin", body)
            #expect(response.status == .unprocessableContent, "\(body)")
            #expect(json?.problemErrors[field] != nil, "\(field): \(json?.problemErrors ?? [:])")
        }
    }
}
