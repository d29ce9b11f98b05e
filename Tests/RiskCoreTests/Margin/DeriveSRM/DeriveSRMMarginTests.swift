import Foundation
import Testing
@testable import RiskCore

/// Derive's published SRM cases through the risk core (the fixture of
/// `Tests/BulwarkServiceTests/Fixtures/derive_srm_cases.json`, made by
/// scripts/derive_srm_cases_to_fixture.py): portfolio cases to the whole dollar (Derive
/// truncates toward zero), unit cases to 1e-6 relative; and each formula on hand-checked numbers.
@Suite struct DeriveSRMMarginTests {
    static func cases() throws -> [DeriveCoreCase<DeriveSRMParameters>] {
        try DeriveCoreCase.load("derive_srm_cases.json", over: .published)
    }

    /// Derive's MM and IM of a result: equity - requirement.
    static func derive(_ result: MarginResult) -> (mm: Double, im: Double) {
        (result.equity - result.maintenanceMargin, result.equity - result.initialMargin)
    }

    @Test func fixtureHoldsTheTwelveSharedCases() throws {
        #expect(try Self.cases().count == 12)
    }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: DeriveCoreCase<DeriveSRMParameters>) throws {
        let result = try DeriveSRMMargin(parameters: derive.parameters).margin(derive.portfolio, market: derive.market, asOf: derive.asOf)
        let (mm, im) = Self.derive(result)
        #expect(derive.matches(mm, derive.mm), "\(derive.name) MM \(mm) vs \(derive.mm)")
        #expect(derive.matches(im, derive.im), "\(derive.name) IM \(im) vs \(derive.im)")
    }

    // MARK: The formulas on hand-checked numbers (spot 2000, USDC 1)

    let asOf = Timestamp(iso8601: "2023-01-01T00:00:00Z")!
    let expiry = Timestamp(iso8601: "2023-01-11T08:00:00Z")!

    func market(forward: Double = 2_000, volConfidence: Double? = nil, stable: Double = 1, perpPrice: Double? = nil) -> MarketData {
        MarketData(["ETH": AssetMarket(spot: 2_000, perpPrice: perpPrice, expiries: [expiry: ExpiryMarket(forward: forward, volConfidence: volConfidence)]),
                    "USDC": AssetMarket(spot: stable)])
    }

    func option(_ kind: InstrumentKind, _ strike: Double, _ size: Double, iv: Double = 0) -> Position {
        Position(instrument: .option("ETH", kind, strike: strike, expiry: expiry), size: size, markIv: iv)
    }

    func margin(_ positions: [Position], collateral: [CollateralHolding] = [], market: MarketData? = nil,
                parameters: DeriveSRMParameters = .published) throws -> (mm: Double, im: Double, breakdown: DeriveSRMBreakdown) {
        let result = try DeriveSRMMargin(parameters: parameters).margin(Portfolio(collateral: collateral, positions: positions),
                                                                        market: market ?? self.market(), asOf: asOf)
        guard case .deriveSRM(let breakdown) = result.breakdown else { throw RiskError.invalid(field: "breakdown", reason: "not derive-srm") }
        let (mm, im) = Self.derive(result)
        return (mm, im, breakdown)
    }

    @Test func pricesAreUndiscountedBlack76WithIntrinsicAtZeroVolatility() {
        let year = DeriveSRMMargin.secondsPerYear
        #expect(DeriveSRMMargin.price(isCall: true, forward: 2_100, strike: 2_000, volatility: 0, seconds: year) == 100)
        // The put comes from parity on m = K / F, exact to rounding.
        #expect(abs(DeriveSRMMargin.price(isCall: false, forward: 1_900, strike: 2_000, volatility: 0.8, seconds: 0) - 100) < 1e-9)
        #expect(DeriveSRMMargin.price(isCall: true, forward: 2_000, strike: 0, volatility: 0.5, seconds: year) == 2_000)
        // At the money for a year at 50%: F (2N(v/2) - 1), v = 0.5.
        let atm = DeriveSRMMargin.price(isCall: true, forward: 2_000, strike: 2_000, volatility: 0.5, seconds: year)
        #expect(abs(atm - 2_000 * (2 * NormalDistribution.cdf(0.25) - 1)) < 1e-9)
        #expect(abs(DeriveSRMMargin.price(isCall: false, forward: 2_000, strike: 2_000, volatility: 0.5, seconds: year) - atm) < 1e-9)
    }

    @Test func aShortCallPaysItsValueAndASpotShare() throws {
        // Short 1 call struck 2200 at zero vol: worth 0; MM 0.075 x 2000; IM rate 0.15 - 0.1 = floor 0.1.
        let (mm, im, _) = try margin([option(.call, 2_200, -1)])
        #expect(abs(mm - -150) < 1e-9 && abs(im - -200) < 1e-9)
        // In the money (forward 2100): worth 100 more, IM rate 0.15.
        let itm = try margin([option(.call, 2_000, -1)], market: market(forward: 2_100))
        #expect(abs(itm.mm - -250) < 1e-9 && abs(itm.im - -400) < 1e-9)
    }

    @Test func aShortPutTakesTheLargerChargeAndIMAtLeastAMultipleOfMM() throws {
        // Short put struck 2000 at forward 1900: worth 100. MM = -100 + min(-150, 0.075 x -100) = -250;
        // IM = min(-100 - 0.15 x 2000, 1.05 x -250) = -400.
        let (mm, im, _) = try margin([option(.put, 2_000, -1)], market: market(forward: 1_900))
        #expect(abs(mm - -250) < 1e-9 && abs(im - -400) < 1e-9)
    }

    @Test func aSpreadCostsWhatItCanLoseAndUnpairedCallsTheForward() throws {
        // Short 1800 call, long 2000 call: can lose 200 at settlement, less than isolated.
        let spread = try margin([option(.call, 1_800, -1), option(.call, 2_000, 1)])
        let expiry = try #require(spread.breakdown.markets.first?.expiries.first)
        #expect(spread.mm == -200 && spread.im == -200 && expiry.maxLossPrice == 2_000 && expiry.maintenanceUsesMaxLoss)
        // One more short call above: net calls -1, charged 1.1 (MM) and 1.2 (IM) forwards on top.
        let unpaired = try margin([option(.call, 1_800, -1), option(.call, 2_000, 1), option(.call, 2_500, -1)])
        let isolated = try #require(unpaired.breakdown.markets.first?.expiries.first)
        #expect(isolated.unpairedMaintenance == -2_200 && isolated.unpairedInitial == -2_400)
        // Here the isolated margins (-200 - 150 - 150 of MM) beat max loss (-200 - 2200).
        #expect(abs(unpaired.mm - isolated.isolatedMaintenance) < 1e-9 && !isolated.maintenanceUsesMaxLoss)
        // A long box cannot lose: it costs nothing.
        let box = try margin([option(.call, 1_800, 1), option(.call, 2_000, -1), option(.put, 2_000, 1), option(.put, 1_800, -1)])
        #expect(box.mm == 0 || abs(box.mm) < 1e-9)
    }

    @Test func aPerpIsChargedOnItsMarkAndCarriesItsUnsettledPnl() throws {
        var perp = Position(instrument: .perpetual("ETH"), size: -2, entryPrice: 1_990)
        perp.unrealizedFunding = 5
        let (mm, im, breakdown) = try margin([perp], market: market(perpPrice: 2_010))
        // Unsettled (2010 - 1990) x -2 + 5 = -35; notional 4020.
        #expect(breakdown.markets[0].perpUnsettled == -35)
        #expect(abs(mm - (-35 - 4_020 * 0.05)) < 1e-9 && abs(im - (-35 - 4_020 * 0.065)) < 1e-9)
    }

    @Test func aBaseAssetIsCreditedAtItsMarginFactor() throws {
        let (mm, im, breakdown) = try margin([], collateral: [CollateralHolding(asset: "ETH", amount: 2)])
        #expect(mm == 3_200 && im == 3_200 && breakdown.markToMarket == 4_000)
    }

    @Test func contingenciesComeOffIMOnly() throws {
        // Vol confidence 0.1 on the expiry: 0.9 x 0.4 x 2000 per short unit.
        let low = try margin([option(.call, 2_200, -1)], market: market(volConfidence: 0.1))
        #expect(abs(low.mm - -150) < 1e-9 && abs(low.im - (-200 - 720)) < 1e-9)
        // Stable price 0.5: (0.98 - 0.5) x 1.2 x 2000 per short unit.
        let depeg = try margin([option(.call, 2_200, -1)], market: market(stable: 0.5))
        #expect(abs(depeg.mm - -150) < 1e-9 && abs(depeg.im - (-200 - 1_152)) < 1e-9 && abs(depeg.breakdown.depegMultiplier - 0.576) < 1e-12)
    }

    @Test func perpAndBaseConfidenceChargesUseTheSpot() throws {
        // Perp confidence 0.3 (spot 1): (1 - 0.3) x 0.4 x |1| x 2000 = 560 off IM; the charge on spot, not the perp's mark.
        let lowPerp = MarketData(["ETH": AssetMarket(spot: 2_000, perpPrice: 2_100, perpConfidence: 0.3), "USDC": AssetMarket(spot: 1)])
        let perp = try margin([Position(instrument: .perpetual("ETH"), size: 1)], market: lowPerp)
        #expect(abs(perp.mm - -105) < 1e-9 && abs(perp.im - (-136.5 - 560)) < 1e-9 && abs(perp.breakdown.markets[0].perpConfidenceCharge - 560) < 1e-9)
        // Base of 1 ETH at spot confidence 0.2: credit 1600, less (1 - 0.2) x 0.4 x 2000 = 640 in IM.
        let lowSpot = MarketData(["ETH": AssetMarket(spot: 2_000, spotConfidence: 0.2), "USDC": AssetMarket(spot: 1)])
        let base = try margin([], collateral: [CollateralHolding(asset: "ETH", amount: 1)], market: lowSpot)
        #expect(abs(base.mm - 1_600) < 1e-9 && abs(base.im - 960) < 1e-9)
        // No credit, no charge: a zero margin factor.
        var parameters = DeriveSRMParameters.published
        parameters.baseMarginParams.marginFactor = 0
        let none = try margin([], collateral: [CollateralHolding(asset: "ETH", amount: 1)], market: lowSpot, parameters: parameters)
        #expect(none.mm == 0 && none.im == 0)
    }

    @Test func whatSRMCannotMarginIsRefusedByName() {
        let future = Position(instrument: .future("ETH", expiry: expiry), size: 1)
        let checks: [(Portfolio, MarketData, String)] = [
            (Portfolio(positions: [option(.call, 2_000, -1)]), MarketData(["ETH": AssetMarket(spot: 2_000), "USDC": AssetMarket(spot: 1)]),
             "market.ETH.expiries.2023-01-11T08:00:00Z.forward"),
            (Portfolio(positions: [future]), market(), "positions[0].kind"),
            (Portfolio(collateral: [CollateralHolding(asset: "USDT", amount: 10)]), market(), "collateral[0].asset"),
            (Portfolio(collateral: [CollateralHolding(asset: "UNI", amount: 10)]), market(), "collateral[0].asset"),
        ]
        for (portfolio, market, field) in checks {
            do {
                _ = try DeriveSRMMargin().margin(portfolio, market: market, asOf: asOf)
                Issue.record("\(field): accepted")
            } catch {
                guard case .invalid(let issues) = error else { Issue.record("\(error)"); continue }
                #expect(issues.map(\.field).contains(field), "\(issues)")
            }
        }
        var parameters = DeriveSRMParameters.published
        parameters.optionMarginParams.unpairedMMScale = 0.5
        #expect(throws: RiskError.invalidParameters([ValidationIssue(field: "optionMarginParams.unpairedMMScale", reason: "must be from 1.0 to 3.0")])) {
            _ = try DeriveSRMMargin(parameters: parameters).margin(Portfolio(), market: market(), asOf: asOf)
        }
    }

    @Test func aMarketsOwnGroupsReplaceTheAccountWideOnes() throws {
        var parameters = DeriveSRMParameters.published
        parameters.markets["ETH"] = .init(perpMarginRequirements: .init(mmPerpReq: 0.1, imPerpReq: 0.2))
        let (mm, im, _) = try margin([Position(instrument: .perpetual("ETH"), size: 1)], market: market(perpPrice: 2_000), parameters: parameters)
        #expect(abs(mm - -200) < 1e-9 && abs(im - -400) < 1e-9)
    }
}
