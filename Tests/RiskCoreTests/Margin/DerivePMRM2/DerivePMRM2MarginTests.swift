import Foundation
import Testing
@testable import RiskCore

/// Derive's published PMRM_2 cases straight through the risk core, without the HTTP layer:
/// MM = equity - maintenanceMargin and IM = equity - initialMargin within 1e-6 relative. The
/// fixture is the service tests' (`Tests/BulwarkServiceTests/Fixtures/derive_pmrm2_cases.json`),
/// read here by path so there is one copy; `DerivePMRM2RouteTests` runs the same cases over HTTP.
@Suite struct DerivePMRM2MarginTests {
    static func cases() throws -> [DeriveCoreCase<DerivePMRM2Parameters>] {
        try DeriveCoreCase.load("derive_pmrm2_cases.json", over: .published)
    }

    @Test func fixtureHoldsTheSeventeenCases() throws {
        #expect(try Self.cases().count == 17)
    }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: DeriveCoreCase<DerivePMRM2Parameters>) throws {
        let result = try DerivePMRM2Margin(parameters: derive.parameters).margin(derive.portfolio, market: derive.market, asOf: derive.asOf)
        let mm = result.equity - result.maintenanceMargin
        let im = result.equity - result.initialMargin
        #expect(derive.matches(mm, derive.mm), "\(derive.name) MM \(mm) vs \(derive.mm)")
        #expect(derive.matches(im, derive.im), "\(derive.name) IM \(im) vs \(derive.im)")
    }
}
