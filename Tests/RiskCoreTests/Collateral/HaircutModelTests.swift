import Testing
@testable import RiskCore

@Suite struct HaircutModelTests {
    let model = HaircutModel(parameters: RiskParameters.standardDefaults.collateral)

    @Test func ethHeldAgainstALongEthBookMatchesTheReferenceFigures() throws {
        // scripts/standard_reference.py, haircut_eth.
        let haircut = try #require(model.haircut(asset: "ETH", amount: 10, price: 3_000, exposures: ["ETH": .long]))
        #expect(close(haircut.volatility, 0.1293557534820315195285, relative: 1e-14))
        #expect(haircut.liquidity == 0 && haircut.smartContract == 0)
        #expect(close(haircut.correlation, 0.1))
        #expect(haircut.correlatedWith == "ETH")
        #expect(close(haircut.concentration, 0.001732050807568877293527, relative: 1e-14))
        #expect(close(haircut.total, 0.2310878042896003968220, relative: 1e-14))
    }

    @Test func correlationAddOnOnlyForExposureInTheSameDirection() throws {
        let short = try #require(model.haircut(asset: "ETH", amount: 10, price: 3_000, exposures: ["ETH": .short]))
        #expect(short.correlation == 0 && short.correlatedWith == nil)
        // Long BTC: ETH correlates at 0.8.
        let crossAsset = try #require(model.haircut(asset: "ETH", amount: 10, price: 3_000, exposures: ["BTC": .long]))
        #expect(close(crossAsset.correlation, 0.08))
        #expect(crossAsset.correlatedWith == "BTC")
        let none = try #require(model.haircut(asset: "USDC", amount: 1_000, price: 1, exposures: ["BTC": .long]))
        #expect(none.correlation == 0)
    }

    @Test func bridgeAndContractRiskAndConcentrationAddUp() throws {
        let small = try #require(model.haircut(asset: "WBTC", amount: 1, price: 60_000, exposures: [:]))
        let large = try #require(model.haircut(asset: "WBTC", amount: 300, price: 60_000, exposures: [:]))
        #expect(small.smartContract == 0.05 && small.liquidity == 0.02)
        #expect(large.concentration > small.concentration)
        #expect(close(large.concentration, 0.1 * (18_000_000 / 20_000_000.0).squareRoot()))
        #expect(large.total > small.total)
    }

    @Test func haircutIsCappedAtOne() throws {
        let huge = try #require(model.haircut(asset: "UNI", amount: 1e12, price: 10, exposures: ["ETH": .long]))
        #expect(huge.total == 1)
        #expect(model.haircut(asset: "NOPE", amount: 1, price: 1, exposures: [:]) == nil)
    }

    @Test func collateralValueInEquityIsAfterHaircut() throws {
        let holding = CollateralHolding(asset: "USDC", amount: 10_000, price: 0.999)
        let result = try TestPortfolios.margin([], mode: .cross, cash: 500, collateral: [holding])
        let haircut = try #require(result.collateral[0].components)
        #expect(close(result.collateralValue, 10_000 * 0.999 * (1 - haircut.total)))
        #expect(close(result.equity, 500 + result.collateralValue))
    }

    @Test func fixedHaircutReplacesTheRegistryAndChargesInitialMargin() throws {
        let holding = CollateralHolding(asset: "SDAI", amount: 1_000, price: 1.1,
                                        haircut: HaircutOverride(initial: 0.2, maintenance: 0.1))
        let result = try TestPortfolios.margin([], mode: .portfolio, cash: 0, collateral: [holding])
        #expect(close(result.collateralValue, 990))
        #expect(close(result.initialMargin, 110))
        #expect(result.maintenanceMargin == 0)
    }
}
