import Testing
@testable import RiskCore

@Suite struct LiquidationPriceSearchTests {
    func search(_ portfolio: Portfolio, mode: MarginMode, spot: Double) throws -> LiquidationLevels {
        let methodology = StandardMethodology()
        let found = try LiquidationPriceSearch().levels(underlying: "BTC", market: TestPortfolios.market(spot: spot)) { market in
            try methodology.margin(portfolio, market: market, asOf: TestPortfolios.asOf, mode: mode).status >= .liquidatable
        }
        return try #require(found)
    }

    @Test func aLongPerpetualHasTheClosedFormLevelBelowAndNoneAbove() throws {
        // Isolated: 20,000 + 10 (S - 60,000) < 0.02 x 10 x S  <=>  S < 580,000 / 9.8.
        let portfolio = Portfolio(cash: 20_000, positions: [Position(instrument: .perpetual("BTC"), size: 10, entryPrice: 60_000)])
        let levels = try search(portfolio, mode: .isolated, spot: 61_000)
        #expect(close(try #require(levels.below), 580_000 / 9.8, relative: 1e-9))
        #expect(levels.above == nil)
        #expect(levels.spot == 61_000)
    }

    @Test func aShortPerpetualHasTheClosedFormLevelAbove() throws {
        // 20,000 - 10 (S - 60,000) < 0.2 S  <=>  S > 620,000 / 10.2.
        let portfolio = Portfolio(cash: 20_000, positions: [Position(instrument: .perpetual("BTC"), size: -10, entryPrice: 60_000)])
        let levels = try search(portfolio, mode: .isolated, spot: 59_000)
        #expect(levels.below == nil)
        #expect(close(try #require(levels.above), 620_000 / 10.2, relative: 1e-9))
    }

    @Test func aShortStraddleIsLiquidatableOnBothSides() throws {
        let portfolio = Portfolio(cash: 80_000, positions: [TestPortfolios.call(60_000, size: -3), TestPortfolios.put(60_000, size: -3)])
        let levels = try search(portfolio, mode: .portfolio, spot: 60_000)
        let below = try #require(levels.below)
        let above = try #require(levels.above)
        #expect(below < 60_000 && above > 60_000)
        // Each level is a crossing: safe just inside it, liquidatable just beyond.
        let methodology = StandardMethodology()
        func status(_ spot: Double) throws -> MarginStatus {
            try methodology.margin(portfolio, market: TestPortfolios.market(spot: spot), asOf: TestPortfolios.asOf, mode: .portfolio).status
        }
        #expect(try status(below * (1 + 1e-7)) < .liquidatable)
        #expect(try status(below * (1 - 1e-7)) >= .liquidatable)
        #expect(try status(above * (1 - 1e-7)) < .liquidatable)
        #expect(try status(above * (1 + 1e-7)) >= .liquidatable)
    }
}
