import Foundation
import Testing
@testable import RiskCore

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
