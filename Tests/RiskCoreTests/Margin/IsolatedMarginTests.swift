import Testing
@testable import RiskCore

@Suite struct IsolatedMarginTests {
    @Test func shortOutOfTheMoneyCallUsesTheMinimumInitialRate() throws {
        let result = try TestPortfolios.margin([TestPortfolios.call(70_000, size: -2)], mode: .isolated)
        // MM = 0.075 x 60000 x 2; IM = max(0.15 - 10000/60000, 0.10) x 60000 x 2.
        #expect(close(result.maintenanceMargin, 9_000))
        #expect(close(result.initialMargin, 12_000))
    }

    @Test func shortInTheMoneyCallPaysTheBaseRate() throws {
        let result = try TestPortfolios.margin([TestPortfolios.call(55_000, size: -1)], mode: .isolated)
        #expect(close(result.maintenanceMargin, 4_500))
        #expect(close(result.initialMargin, 9_000))
    }

    @Test func shortPutMaintenanceFollowsTheMarkWhenItIsLarger() throws {
        // Deep in the money: mark ~ 140,000, so 0.075 x mark = ~10,500 > 0.075 x S = 4,500.
        let result = try TestPortfolios.margin([TestPortfolios.put(200_000, size: -1)], mode: .isolated)
        let mark = result.positions[0].markPrice
        #expect(mark > 139_000 && mark < 141_000)
        #expect(close(result.maintenanceMargin, 0.075 * mark))
        // IM = max(max(0.15 - 0/S, 0.10) x S, MM per unit) = MM per unit here.
        #expect(close(result.initialMargin, 0.075 * mark))
    }

    @Test func shortOutOfTheMoneyPutDiscountsInitialMargin() throws {
        let result = try TestPortfolios.margin([TestPortfolios.put(54_000, size: -3)], mode: .isolated)
        // OTM = 6000: IM rate = max(0.15 - 0.1, 0.10) = 0.10; MM = 0.075 x S (mark is small).
        #expect(close(result.maintenanceMargin, 0.075 * 60_000 * 3))
        #expect(close(result.initialMargin, 0.10 * 60_000 * 3))
    }

    @Test func longOptionsNeedNothingAndPerpetualsPayTheirRates() throws {
        let result = try TestPortfolios.margin([TestPortfolios.call(60_000, size: 5), TestPortfolios.perp(size: 3)],
                                               mode: .isolated)
        guard case .isolated(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.positions[0].maintenanceMargin == 0 && breakdown.positions[0].initialMargin == 0)
        #expect(close(breakdown.positions[1].maintenanceMargin, 0.02 * 3 * 60_000))
        #expect(close(breakdown.positions[1].initialMargin, 0.04 * 3 * 60_000))
        #expect(close(result.maintenanceMargin, 3_600))
        #expect(close(result.initialMargin, 7_200))
    }

    @Test func equityAndStatusFollowTheLines() throws {
        // Short 2 calls at 70,000: MM 9,000, IM 12,000; equity = cash - 2 x mark.
        let position = TestPortfolios.call(70_000, size: -2)
        let mark = try TestPortfolios.margin([position], mode: .isolated).positions[0].markPrice
        func status(cash: Double) throws -> (MarginStatus, Double?) {
            let result = try TestPortfolios.margin([position], mode: .isolated, cash: cash)
            #expect(close(result.equity, cash - 2 * mark))
            return (result.status, result.marginRatio)
        }
        #expect(try status(cash: 12_001 + 2 * mark).0 == .healthy)
        #expect(try status(cash: 11_000 + 2 * mark).0 == .warning)
        let (liquidatable, ratio) = try status(cash: 4_500 + 2 * mark)
        #expect(liquidatable == .liquidatable)
        #expect(close(ratio!, 0.5))
        #expect(try status(cash: 2 * mark - 1).0 == .insolvent)
    }

    @Test func marginRatioIsNullWithoutARequirement() throws {
        let result = try TestPortfolios.margin([], mode: .isolated, cash: 1_000)
        #expect(result.marginRatio == nil)
        #expect(result.status == .healthy)
        #expect(result.equity == 1_000)
    }
}

extension IsolatedMarginTests {
    /// Deribit's standard margin of inverse BTC futures: 25 BTC need 2.125% (0.53125 BTC) and
    /// 1.125% (0.28125 BTC), 350 BTC 3.75% (13.125 BTC); 1 USD of ETH-PERPETUAL at 1963.31
    /// needs 0.000010187 ETH and 0.000005093 ETH (Deribit's captured figures).
    @Test func inverseFuturesTakeDeribitsStandardRates() throws {
        func requirement(_ underlying: String, _ size: Double, _ unit: SizeUnit, spot: Double) throws -> MarginResult {
            let position = Position(instrument: Instrument.perpetual(underlying).settled(in: .coin), size: size, sizeUnit: unit)
            return try StandardMethodology().margin(Portfolio(cash: 1, positions: [position], currency: underlying),
                                                    market: MarketData([underlying: AssetMarket(spot: spot)]), asOf: TestPortfolios.asOf, mode: .isolated)
        }
        let small = try requirement("BTC", 25, .coin, spot: 60_000)
        #expect(close(small.initialMargin, 0.53125) && close(small.maintenanceMargin, 0.28125))
        let large = try requirement("BTC", -350, .coin, spot: 60_000)
        #expect(close(large.initialMargin, 13.125))
        let eth = try requirement("ETH", 1, .usd, spot: 1_963.31)
        #expect(String(format: "%.9f", eth.initialMargin) == "0.000010187" && String(format: "%.9f", eth.maintenanceMargin) == "0.000005093")
        // Linear perpetuals and dated futures keep the standard rates, whatever their size.
        for position in [TestPortfolios.perp(size: 1), Position(instrument: .future("BTC", expiry: TestPortfolios.expiry), size: -25)] {
            let linear = try StandardMethodology().margin(Portfolio(positions: [position]), market: TestPortfolios.market(),
                                                          asOf: TestPortfolios.asOf, mode: .isolated)
            let notional = abs(position.size) * 60_000
            #expect(close(linear.initialMargin, 0.04 * notional) && close(linear.maintenanceMargin, 0.02 * notional), "\(position.instrument)")
        }
    }
}
