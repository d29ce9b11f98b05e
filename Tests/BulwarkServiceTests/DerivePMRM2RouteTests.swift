import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService

/// Derive's published PMRM_2 cases through POST /v1/margin: MM = equity - maintenanceMargin
/// and IM = equity - initialMargin within 1e-6 relative (fixture made by scripts/derive_cases_to_fixture.py).
@Suite struct DerivePMRM2RouteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var request: String
        var mm: Double
        var im: Double

        var testDescription: String { name }
    }

    static func cases() throws -> [Case] {
        let url = try #require(Bundle.module.url(forResource: "derive_pmrm2_cases", withExtension: "json", subdirectory: "Fixtures"))
        let root = try JSONParser.parse(Array(try Data(contentsOf: url)))
        return (root["cases"]?.array ?? []).map { entry in
            Case(name: entry["name"]?.string ?? "?", request: String(decoding: JSONWriter.encode(entry["request"] ?? .null), as: UTF8.self),
                 mm: entry["MM"]?.double ?? .nan, im: entry["IM"]?.double ?? .nan)
        }
    }

    @Test func fixtureHoldsTheSeventeenCases() throws {
        #expect(try DerivePMRM2RouteTests.cases().count == 17)
    }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: Case) throws {
        let (response, json) = APIClient().post("/v1/margin", derive.request)
        #expect(response.status == .ok, "\(derive.name): \(String(decoding: response.body, as: UTF8.self))")
        let body = try #require(json)
        let equity = try #require(body["equity"]?.double)
        let mm = equity - (body["maintenanceMargin"]?.double ?? .nan)
        let im = equity - (body["initialMargin"]?.double ?? .nan)
        #expect(abs(mm - derive.mm) <= 1e-6 * max(abs(derive.mm), 1), "\(derive.name) MM \(mm) vs \(derive.mm)")
        #expect(abs(im - derive.im) <= 1e-6 * max(abs(derive.im), 1), "\(derive.name) IM \(im) vs \(derive.im)")
        #expect(body["methodology"]?["profile"]?.string == "derive-pmrm2")
        #expect((body["breakdown"]?["scenarios"]?.array?.count ?? 0) > 0)
    }
}
