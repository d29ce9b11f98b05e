import Foundation
import Testing
@testable import RiskCore

@Suite struct RiskParametersTests {
    @Test func versionIsStableAndFollowsEveryChange() {
        let defaults = RiskParameters.standardDefaults
        #expect(defaults.version == RiskParameters.standardDefaults.version)
        #expect(defaults.version.count == 16)
        #expect(defaults.hash.count == 64)
        var changed = defaults
        changed.underlyings["BTC"]!.cross.standardDeviations = 3.5
        #expect(changed.version != defaults.version)
        var collateral = defaults
        collateral.collateral.assets["USDC"]!.smartContractRisk = 0.01
        #expect(collateral.version != defaults.version)
    }

    @Test func defaultsAreValidAndResultsNameTheirVersion() throws {
        #expect(RiskParameters.standardDefaults.validationIssues().isEmpty)
        let result = try TestPortfolios.margin([TestPortfolios.perp(size: 1)], mode: .cross)
        #expect(result.parametersVersion == RiskParameters.standardDefaults.version)
    }

    @Test func refusesParametersThatWouldBreakMargin() {
        var bad = RiskParameters.standardDefaults
        bad.initialMarginFactor = 0.5
        bad.underlyings["BTC"]!.portfolio.volShocks = [-1.5]
        bad.underlyings["BTC"]!.liquidity.marketDepth = 0
        bad.collateral.assets["USDC"]!.liquidityHaircut = .nan
        let fields = Set(bad.validationIssues().map(\.field))
        #expect(fields == ["initialMarginFactor", "underlyings.BTC.portfolio.volShocks[0]",
                           "underlyings.BTC.liquidity.marketDepth", "collateral.assets.USDC.liquidityHaircut"])
        #expect(throws: RiskError.self) {
            try TestPortfolios.margin([TestPortfolios.perp(size: 1)], mode: .cross, parameters: bad)
        }
    }
}

extension RiskParametersTests {
    /// A parameter set stored before the inverse futures rates existed still reads, with their defaults.
    @Test func isolatedParametersStoredBeforeTheInverseRatesStillRead() throws {
        let old = #"{"optionMaintenanceRate": 0.075, "optionInitialBaseRate": 0.15, "optionInitialMinimumRate": 0.1, "futuresMaintenanceRate": 0.03, "futuresInitialRate": 0.05}"#
        let isolated = try JSONDecoder().decode(IsolatedParameters.self, from: Data(old.utf8))
        #expect(isolated.futuresMaintenanceRate == 0.03 && isolated.inverseFuturesInitialRate == 0.02 && isolated.inverseFuturesRatePerCoin == 0.00005)
        let again = try JSONDecoder().decode(IsolatedParameters.self, from: try JSONEncoder().encode(isolated))
        #expect(again == isolated)
    }
}
