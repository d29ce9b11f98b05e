import Foundation
import Testing
@testable import RiskCore

@Suite struct Span16MarginTests {
    private func margin(_ positions: [Position]) throws -> MarginResult {
        try Span16Margin().margin(Portfolio(cash: 100_000, positions: positions), market: TestPortfolios.market(), asOf: TestPortfolios.asOf)
    }

    @Test func perpetualLosesTheFullScanRange() throws {
        let result = try margin([TestPortfolios.perp(size: 2)])
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let btc = breakdown.underlyings[0]
        #expect(btc.scenarios.count == 16)
        // -15% of 120,000 beats the extreme -45% x 0.33 = -14.85%.
        #expect(close(btc.scanLoss, 18_000))
        #expect(close(result.maintenanceMargin, 18_000))
        #expect(close(result.initialMargin, 19_800))
        #expect(btc.liquidityBuffer == 0)
    }

    @Test func scenariosAreSpanSixteen() {
        let grid = Span16Parameters.defaults.grid(Span16Parameters.defaults.underlyings["BTC"]!)
        let scenarios = grid.scenarios
        #expect(scenarios.count == 16)
        #expect(Set(scenarios.filter { !$0.isExtreme }.map(\.spotShock)).count == 7)
        #expect(scenarios.filter { !$0.isExtreme }.allSatisfy { abs($0.volShock) == 0.25 })
        let extremes = scenarios.filter(\.isExtreme)
        let extremeShocks: [Double] = extremes.map(\.spotShock).sorted()
        #expect(extremeShocks.count == 2)
        #expect(close(extremeShocks[0], -0.45) && close(extremeShocks[1], 0.45))
        #expect(extremes.allSatisfy { $0.weight == 0.33 && $0.volShock == 0 })
    }

    @Test func shortOptionMinimumCountsEveryShort() throws {
        // A spread's long leg does not net the minimum under SPAN.
        let result = try margin([TestPortfolios.put(20_000, size: -5), TestPortfolios.put(19_000, size: 5)])
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.underlyings[0].nakedShortSize == 5)
        #expect(close(breakdown.underlyings[0].shortOptionMinimum, 5 * 60_000 * 0.005))
        #expect(close(result.maintenanceMargin, 1_500))
    }
}

@Suite struct DeribitPMMarginTests {
    private func margin(_ positions: [Position]) throws -> MarginResult {
        try DeribitPMMargin().margin(Portfolio(cash: 100_000, positions: positions), market: TestPortfolios.market(), asOf: TestPortfolios.asOf)
    }

    @Test func perpetualRiskMatrixAndDeltaShock() throws {
        let result = try margin([TestPortfolios.perp(size: 2)])
        guard case .deribitPM(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let btc = breakdown.underlyings[0]
        #expect(btc.scenarios.count == 17 * 3 + 6)
        #expect(close(btc.riskMatrixLoss, 0.16 * 120_000))
        #expect(close(btc.deltaShock, 2 * 60_000 * 0.01))
        #expect(btc.rollShock == 0)
        #expect(close(result.initialMargin, 19_200 + 1_200))
        #expect(close(result.maintenanceMargin, 0.8 * 20_400))
    }

    @Test func volatilityShocksScaleWithTerm() {
        let margin = DeribitPMMargin()
        let terms = DeribitPMParameters.defaults.underlyings["BTC"]!
        let tenDays = ScenarioEngine.OptionTerms(size: 1, sign: 1, forward: 1, strike: 1, logMoneyness: 0,
                                                 sqrtTime: (10 / 365.0).squareRoot(), discount: 1, volatility: 0.4, mark: 0, expired: false)
        let m = pow(3.0, 0.3)
        #expect(close(margin.shockedVolatility(tenDays, .up, terms), 0.5 * (1 + 0.5 * m), relative: 1e-12))
        #expect(close(margin.shockedVolatility(tenDays, .down, terms), 0.4 * (1 - 0.25 * m), relative: 1e-12))
        var yearOut = tenDays
        yearOut.sqrtTime = 1
        yearOut.volatility = 0.8
        #expect(close(margin.shockedVolatility(yearOut, .up, terms), 0.8 * (1 + 0.5 * pow(30 / 365.0, 0.13)), relative: 1e-12))
    }

    @Test func rollShockChargesDatedExposure() throws {
        let future = Position(instrument: .future("BTC", expiry: TestPortfolios.expiry), size: 1)
        let result = try margin([future, TestPortfolios.perp(size: -1)])
        guard case .deribitPM(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(close(breakdown.underlyings[0].rollShock, 60_000 * 0.10 * 30 / 365, relative: 1e-12))
        #expect(breakdown.underlyings[0].deltaShock == 0)
    }
}
