import Testing
@testable import RiskCore

@Suite struct PortfolioFillsTests {
    let perpetual = Instrument.perpetual("BTC")

    @Test func aFutureFillAveragesWhatItAddsAndRealisesWhatItCloses() {
        var portfolio = Portfolio(cash: 1_000).applying([TradeFill(instrument: perpetual, size: 1, price: 60_000, fee: 6),
                                                         TradeFill(instrument: perpetual, size: 1, price: 62_000, fee: 6)])
        #expect(portfolio.cash == 988)
        #expect(portfolio.positions.map(\.size) == [2] && portfolio.positions[0].entryPrice == 61_000)
        // Selling 3 closes 2 at +1,000 each and opens 1 short at its own price.
        portfolio = portfolio.applying([TradeFill(instrument: perpetual, size: -3, price: 62_000)])
        #expect(portfolio.cash == 2_988)
        #expect(portfolio.positions.map(\.size) == [-1] && portfolio.positions[0].entryPrice == 62_000)
    }

    @Test func anOptionFillPaysItsPremiumAndAClosedPositionIsRemoved() {
        let call = TestPortfolios.call(65_000, size: 0).instrument
        var portfolio = Portfolio(cash: 0).applying([TradeFill(instrument: call, size: -2, price: 1_500)])
        #expect(portfolio.cash == 3_000 && portfolio.positions.map(\.size) == [-2])
        portfolio = portfolio.applying([TradeFill(instrument: call, size: 2, price: 1_000, fee: 1)])
        #expect(portfolio.cash == 999 && portfolio.positions.isEmpty)
    }

    @Test func anOptionsEntryPriceIsItsAveragePremium() {
        let put = TestPortfolios.put(55_000, size: 0).instrument
        var portfolio = Portfolio(cash: 0).applying([TradeFill(instrument: put, size: 1, price: 1_000), TradeFill(instrument: put, size: 3, price: 1_400)])
        #expect(portfolio.positions[0].entryPrice == 1_300 && portfolio.cash == -5_200)
        // Selling part keeps the average; selling through opens the short at its own premium.
        portfolio = portfolio.applying([TradeFill(instrument: put, size: -2, price: 1_500)])
        #expect(portfolio.positions[0].entryPrice == 1_300 && portfolio.positions[0].size == 2)
        portfolio = portfolio.applying([TradeFill(instrument: put, size: -5, price: 1_600)])
        #expect(portfolio.positions[0].entryPrice == 1_600 && portfolio.positions[0].size == -3 && portfolio.cash == 5_800)
    }

    @Test func aTradedPositionDropsTheVenuesUnrealizedPnl() {
        var position = Position(instrument: perpetual, size: 1)
        position.entryPrice = 60_000
        position.unrealizedPnl = 123
        let portfolio = Portfolio(cash: 0, positions: [position]).applying([TradeFill(instrument: perpetual, size: 1, price: 60_000)])
        #expect(portfolio.positions[0].unrealizedPnl == nil)
    }
}
