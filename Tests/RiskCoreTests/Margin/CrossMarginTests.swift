import Testing
@testable import RiskCore

@Suite struct CrossMarginTests {
    @Test func perpAndShortCallMatchTheReferenceFigures() throws {
        // scripts/standard_reference.py, cross_perp_and_call.
        let result = try TestPortfolios.margin([TestPortfolios.perp(size: 2), TestPortfolios.call(65_000, size: -1)], mode: .cross)
        guard case .cross(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let btc = breakdown.underlyings[0]
        #expect(close(btc.move, 0.09421630606623846663, relative: 1e-14))
        #expect(close(btc.delta, 1.647773987454114039658, relative: 1e-12))
        #expect(close(btc.deltaRequirement, 9314.830699797779496756, relative: 1e-11))
        #expect(close(btc.gammaCharge, 574.7440373327194408107, relative: 1e-11))
        #expect(close(btc.vegaBuffer, 957.9067288878657346845, relative: 1e-11))
        #expect(close(breakdown.liquidityBuffer, 249.1747705985877719745, relative: 1e-12))
        #expect(close(result.maintenanceMargin, 11096.65623661695244423, relative: 1e-11))
        #expect(close(result.initialMargin, 13870.82029577119055528, relative: 1e-11))
        #expect(btc.volatilitySource == "market")
    }

    @Test func hedgedBookNeedsLessDeltaRequirementThanItsLegs() throws {
        let call = TestPortfolios.call(60_000, size: 10)
        let callAlone = try TestPortfolios.margin([call], mode: .cross)
        let netDelta = callAlone.greeks["BTC"]!.delta
        let hedged = try TestPortfolios.margin([call, TestPortfolios.perp(size: -netDelta)], mode: .cross)
        guard case .cross(let alone) = callAlone.breakdown, case .cross(let both) = hedged.breakdown else {
            Issue.record("wrong breakdown"); return
        }
        #expect(alone.underlyings[0].deltaRequirement > 10_000)
        #expect(abs(both.underlyings[0].deltaRequirement) < 1e-6)
        #expect(hedged.maintenanceMargin < callAlone.maintenanceMargin)
    }

    @Test func longGammaIsNotCharged() throws {
        let result = try TestPortfolios.margin([TestPortfolios.call(60_000, size: 1)], mode: .cross)
        guard case .cross(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.underlyings[0].gammaCharge == 0)
        // Long vega loses when volatility falls: the down shock is charged.
        let position = result.positions[0]
        #expect(close(breakdown.underlyings[0].vegaBuffer, position.vega * 0.6 * 0.25))
    }

    @Test func volatilityFallsBackToOptionsThenToParameters() throws {
        let market = TestPortfolios.market(vol: nil)
        let withOptions = try TestPortfolios.margin([TestPortfolios.call(60_000, size: 1, iv: 0.7),
                                                     TestPortfolios.call(70_000, size: 1, iv: 0.9)], mode: .cross, market: market)
        guard case .cross(let options) = withOptions.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(options.underlyings[0].volatility == 0.9 && options.underlyings[0].volatilitySource == "options")
        let perpOnly = try TestPortfolios.margin([TestPortfolios.perp(size: 1)], mode: .cross, market: market)
        guard case .cross(let fallback) = perpOnly.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(fallback.underlyings[0].volatility == 0.8 && fallback.underlyings[0].volatilitySource == "parameters")
    }
}
