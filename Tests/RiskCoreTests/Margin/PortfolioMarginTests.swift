import Testing
@testable import RiskCore

@Suite struct PortfolioMarginTests {
    @Test func shortCallMatchesTheReferenceFigures() throws {
        // scripts/standard_reference.py, portfolio_short_call: the worst case is +30% with vol up, weighted 0.33.
        let result = try TestPortfolios.margin([TestPortfolios.call(65_000, size: -1)], mode: .portfolio)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let btc = breakdown.underlyings[0]
        #expect(close(result.positions[0].markPrice, 2237.868155404665042358, relative: 1e-12))
        #expect(btc.scenarios.count == 29)
        let worst = btc.scenarios[btc.worstScenario]
        #expect(worst.scenario.isExtreme && worst.scenario.spotShock == 0.3 && worst.scenario.volShock == 0.2)
        #expect(close(btc.scanLoss, 4052.114203561206595443, relative: 1e-11))
        #expect(close(btc.shortOptionMinimum, 600))
        #expect(close(breakdown.liquidityBuffer, 186.2353829072479582567, relative: 1e-12))
        #expect(close(result.maintenanceMargin, 4238.349586468454553700, relative: 1e-11))
        #expect(close(result.initialMargin, 5297.936983085568192125, relative: 1e-11))
    }

    @Test func perpetualLosesItsShockTimesNotional() throws {
        let result = try TestPortfolios.margin([TestPortfolios.perp(size: 2)], mode: .portfolio)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        // -10% regular beats -30% x 0.33 = -9.9%.
        #expect(close(breakdown.underlyings[0].scanLoss, 12_000))
        let liquidity = 120_000 * 0.0005 * (1 + (120_000 / 50_000_000.0).squareRoot())
        #expect(close(result.maintenanceMargin, 12_000 + liquidity))
    }

    @Test func coveredCallAndCallSpreadNeedLessThanIsolated() throws {
        let coveredCall = [TestPortfolios.call(65_000, size: -1), TestPortfolios.perp(size: 1)]
        let callSpread = [TestPortfolios.call(65_000, size: -1), TestPortfolios.call(60_000, size: 1)]
        for book in [coveredCall, callSpread] {
            let portfolio = try TestPortfolios.margin(book, mode: .portfolio)
            let isolated = try TestPortfolios.margin(book, mode: .isolated)
            #expect(portfolio.maintenanceMargin < isolated.maintenanceMargin)
            #expect(portfolio.initialMargin < isolated.initialMargin)
        }
    }

    @Test func collateralOfTheUnderlyingOffsetsShortCalls() throws {
        let shortCalls = [TestPortfolios.call(65_000, size: -1)]
        let naked = try TestPortfolios.margin(shortCalls, mode: .portfolio)
        let deltaMatched = -naked.greeks["BTC"]!.delta / 0.9
        let btc = [CollateralHolding(asset: "BTC", amount: deltaMatched)]
        let covered = try TestPortfolios.margin(shortCalls, mode: .portfolio, collateral: btc)
        #expect(covered.maintenanceMargin < naked.maintenanceMargin)
        // The collateral moves in the scenarios, so it takes no correlation add-on, and it gains as the calls lose.
        #expect(covered.collateral[0].movesWith == "BTC")
        #expect(covered.collateral[0].components?.correlation == 0)
        guard case .portfolio(let coveredGrid) = covered.breakdown, case .portfolio(let nakedGrid) = naked.breakdown else {
            Issue.record("wrong breakdown"); return
        }
        let upTen = coveredGrid.underlyings[0].scenarios.firstIndex { $0.scenario.spotShock == 0.1 && $0.scenario.volShock == 0 }!
        let collateralGain = covered.collateral[0].value * 0.1
        #expect(close(coveredGrid.underlyings[0].scenarios[upTen].pnl, nakedGrid.underlyings[0].scenarios[upTen].pnl + collateralGain))
        // Declared not risk-cancelling, it stays out of the scenarios.
        var declared = btc
        declared[0].riskCancelling = false
        let outside = try TestPortfolios.margin(shortCalls, mode: .portfolio, collateral: declared)
        #expect(outside.collateral[0].movesWith == nil)
        #expect(close(outside.maintenanceMargin, naked.maintenanceMargin))
    }

    @Test func marginRisesWithVolShocksAndWithSize() throws {
        let book = [TestPortfolios.call(65_000, size: -1), TestPortfolios.put(55_000, size: -1)]
        let base = try TestPortfolios.margin(book, mode: .portfolio)
        var wider = RiskParameters.standardDefaults
        wider.underlyings["BTC"]!.portfolio.volShocks = [-0.4, 0, 0.4]
        wider.underlyings["BTC"]!.portfolio.extremeVolShock = 0.4
        let shocked = try TestPortfolios.margin(book, mode: .portfolio, parameters: wider)
        #expect(shocked.maintenanceMargin > base.maintenanceMargin)
        let doubled = try TestPortfolios.margin(book.map { var p = $0; p.size *= 2; return p }, mode: .portfolio)
        #expect(doubled.maintenanceMargin > base.maintenanceMargin * 1.99)
        for mode in [MarginMode.isolated, .cross] {
            let small = try TestPortfolios.margin(book, mode: mode)
            let large = try TestPortfolios.margin(book.map { var p = $0; p.size *= 3; return p }, mode: mode)
            #expect(large.maintenanceMargin > small.maintenanceMargin)
        }
        var crossWider = RiskParameters.standardDefaults
        crossWider.underlyings["BTC"]!.cross.volShockUp = 0.5
        let crossBase = try TestPortfolios.margin(book, mode: .cross)
        let crossShocked = try TestPortfolios.margin(book, mode: .cross, parameters: crossWider)
        #expect(crossShocked.maintenanceMargin > crossBase.maintenanceMargin)
    }

    @Test func nakedShortMinimumAppliesWhenScenariosAreMild() throws {
        // A far out-of-the-money short put barely moves in any scenario; the minimum binds.
        let result = try TestPortfolios.margin([TestPortfolios.put(20_000, size: -5)], mode: .portfolio)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.underlyings[0].nakedShortSize == 5)
        #expect(close(breakdown.underlyings[0].requirement, 5 * 60_000 * 0.01))
    }

    @Test func gridOverrideReplacesTheParameters() throws {
        let grid = ScenarioGrid(spotShocks: [-0.2, 0.2], volShocks: [0])
        let portfolio = Portfolio(cash: 0, positions: [TestPortfolios.perp(size: 1)])
        let result = try StandardMethodology().margin(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf,
                                                      mode: .portfolio, grid: grid)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.underlyings[0].scenarios.count == 2)
        #expect(close(breakdown.underlyings[0].scanLoss, 12_000))
    }
}
