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
