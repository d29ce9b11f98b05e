import Testing
@testable import RiskCore

@Suite struct ScaledParameterTests {
    let base = RiskParameters.standardDefaults

    @Test func aScaleMovesItsGroupOfOneUnderlying() throws {
        let scaled = ScaledParameter.portfolioSpotShocks.scaling(base, by: 2, underlying: "ETH")
        #expect(scaled.underlyings["ETH"]!.portfolio.spotShocks == base.underlyings["ETH"]!.portfolio.spotShocks.map { $0 * 2 })
        #expect(scaled.underlyings["ETH"]!.portfolio.extremeSpotShocks == [-0.6, 0.6])
        #expect(scaled.underlyings["BTC"] == base.underlyings["BTC"] && scaled.underlyings["SOL"] == base.underlyings["SOL"])
    }

    @Test func withoutAnUnderlyingEveryOneMoves() {
        let scaled = ScaledParameter.isolatedRates.scaling(base, by: 1.5, underlying: nil)
        for name in ["BTC", "ETH", "SOL"] {
            #expect(scaled.underlyings[name]!.isolated.futuresMaintenanceRate == 0.03)
            #expect(scaled.underlyings[name]!.isolated.optionMaintenanceRate == 0.075 * 1.5)
        }
        #expect(ScaledParameter.initialMarginFactor.scaling(base, by: 1.2, underlying: nil).initialMarginFactor == 1.25 * 1.2)
    }

    @Test func scalesApplyInOrderAndOneIsTheParametersInForce() {
        let scales = [CalibrationScale(parameter: .crossStandardDeviations, underlying: "BTC", minimum: 0.5, maximum: 2),
                      CalibrationScale(parameter: .liquidityRates, minimum: 0.5, maximum: 2)]
        #expect(CalibrationScale.apply(scales, factors: [1, 1], to: base) == base)
        let moved = CalibrationScale.apply(scales, factors: [2, 0.5], to: base)
        #expect(moved.underlyings["BTC"]!.cross.standardDeviations == 6 && moved.underlyings["ETH"]!.cross.standardDeviations == 3)
        #expect(moved.underlyings["SOL"]!.liquidity.optionsRate == 0.0015)
        #expect(scales.map(\.name) == ["cross.standardDeviations:BTC", "liquidity.rates"])
    }
}
