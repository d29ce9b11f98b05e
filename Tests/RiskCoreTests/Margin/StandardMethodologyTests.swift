import Testing
import ScenarioKernels
@testable import RiskCore

@Suite struct StandardMethodologyTests {
    let portfolio = Portfolio(cash: 50_000, positions: [TestPortfolios.call(65_000, size: -2), TestPortfolios.perp(size: 0.5)])

    @Test func eachModeGivesItsOwnBreakdownOverOneValuation() throws {
        let methodology = StandardMethodology()
        var equities: Set<Double> = []
        for mode in MarginMode.allCases {
            let result = try methodology.margin(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf, mode: mode)
            equities.insert(result.equity)
            switch (mode, result.breakdown) {
            case (.isolated, .isolated), (.cross, .cross), (.portfolio, .portfolio): break
            default: Issue.record("\(mode) gave \(result.breakdown)")
            }
            #expect(result.parametersVersion == RiskParameters.standardDefaults.version && result.mode == mode)
            #expect(result.initialMargin >= result.maintenanceMargin)
        }
        // Equity does not depend on the mode.
        #expect(equities.count == 1)
    }

    @Test func everyKernelGivesTheSameMargin() throws {
        let baseline = try StandardMethodology(kernel: .baseline).margin(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf, mode: .portfolio)
        let fastest = try StandardMethodology(kernel: ScenarioKernels.fastest).margin(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf, mode: .portfolio)
        #expect(baseline.maintenanceMargin.bitPattern == fastest.maintenanceMargin.bitPattern)
        #expect(baseline.initialMargin.bitPattern == fastest.initialMargin.bitPattern)
    }

    @Test func aBadParameterSetIsNamedWithinTheSet() {
        var parameters = RiskParameters.standardDefaults
        parameters.initialMarginFactor = 0.9
        #expect(throws: RiskError.invalidParameters(parameters.validationIssues())) {
            _ = try StandardMethodology(parameters: parameters).margin(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf, mode: .cross)
        }
    }

    /// In a coin account the requirements of the Greeks-based and per-position modes are the
    /// USD ones at the coin's index (docs/INVERSE.md); the positions' valuations are the same.
    @Test(arguments: [MarginMode.isolated, .cross])
    func aCoinAccountsRequirementsAreTheUSDOnesAtItsIndex(_ mode: MarginMode) throws {
        let positions = [TestPortfolios.call(65_000, size: -2), TestPortfolios.put(50_000, size: -1), TestPortfolios.perp(size: 3, underlying: "ETH")]
        let market = TestPortfolios.market()
        let usd = try StandardMethodology().margin(Portfolio(cash: 90_000, positions: positions), market: market, asOf: TestPortfolios.asOf, mode: mode)
        let coin = try StandardMethodology().margin(Portfolio(cash: 1.5, positions: positions, currency: "BTC"), market: market,
                                                    asOf: TestPortfolios.asOf, mode: mode)
        #expect(coin.currency.code == "BTC" && usd.currency == .usd)
        #expect(close(coin.maintenanceMargin, usd.maintenanceMargin / 60_000) && close(coin.initialMargin, usd.initialMargin / 60_000))
        #expect(close(coin.equity, usd.equity / 60_000) && coin.cash == 1.5)
        #expect(coin.positions == usd.positions)
    }
}
