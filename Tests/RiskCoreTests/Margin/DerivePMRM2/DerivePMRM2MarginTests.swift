import Foundation
import Testing
@testable import RiskCore

/// Derive's published PMRM_2 cases straight through the risk core, without the HTTP layer:
/// MM = equity - maintenanceMargin and IM = equity - initialMargin within 1e-6 relative. The
/// fixture is the service tests' (`Tests/BulwarkServiceTests/Fixtures/derive_pmrm2_cases.json`),
/// read here by path so there is one copy; `DerivePMRM2RouteTests` runs the same cases over HTTP.
@Suite struct DerivePMRM2MarginTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var portfolio: Portfolio
        var market: MarketData
        var asOf: Timestamp
        var parameters: DerivePMRM2Parameters
        var mm: Double
        var im: Double

        var testDescription: String { name }
    }

    static func cases() throws -> [Case] {
        try DeriveFixture.entries("derive_pmrm2_cases.json").map { entry in
            let input = try DeriveFixture.decode(entry)
            return Case(name: input.name, portfolio: input.portfolio, market: input.market, asOf: input.asOf,
                        parameters: try DeriveFixture.parameters(input.parameters, over: DerivePMRM2Parameters.published),
                        mm: input.mm, im: input.im)
        }
    }

    @Test func fixtureHoldsTheSeventeenCases() throws {
        #expect(try Self.cases().count == 17)
    }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: Case) throws {
        let result = try DerivePMRM2Margin(parameters: derive.parameters).margin(derive.portfolio, market: derive.market, asOf: derive.asOf)
        let mm = result.equity - result.maintenanceMargin
        let im = result.equity - result.initialMargin
        #expect(abs(mm - derive.mm) <= 1e-6 * max(abs(derive.mm), 1), "\(derive.name) MM \(mm) vs \(derive.mm)")
        #expect(abs(im - derive.im) <= 1e-6 * max(abs(derive.im), 1), "\(derive.name) IM \(im) vs \(derive.im)")
    }
}
