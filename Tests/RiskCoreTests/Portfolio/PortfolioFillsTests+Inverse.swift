import Testing
@testable import RiskCore

/// Fills booked in coin: inverse futures sized in USD, inverse options' premiums in coin.
extension PortfolioFillsTests {
    var inversePerpetual: Instrument { Instrument.perpetual("BTC").settled(in: .coin) }

    @Test func anInverseFillRealisesCoinAndAveragesItsEntryHarmonically() throws {
        let bought = Portfolio(cash: 0, currency: "BTC").applying([TradeFill(instrument: inversePerpetual, size: 1_000, price: 600),
                                                                   TradeFill(instrument: inversePerpetual, size: 1_000, price: 700)])
        let position = try #require(bought.positions.first)
        #expect(position.size == 2_000 && position.sizeUnit == .usd)
        // The entry at which 2,000 USD hold the same coins as the two fills: 2,000 / (1,000/600 + 1,000/700).
        #expect(position.entryPrice == 2_000 / (1_000.0 / 600 + 1_000.0 / 700))
        // Closing all at 700 realises the first fill's 0.238095 BTC (Deribit's example) and the second's nothing.
        let closed = bought.applying([TradeFill(instrument: inversePerpetual, size: -2_000, price: 700, fee: 0.0001)])
        #expect(closed.positions.isEmpty)
        #expect(abs(closed.cash - (1_000.0 / 600 - 1_000.0 / 700 - 0.0001)) < 1e-15)
    }

    @Test func anInverseFillThatFlipsOpensTheRestAtItsPrice() throws {
        let long = Portfolio(cash: 0, currency: "BTC").applying([TradeFill(instrument: inversePerpetual, size: 1_000, price: 600)])
        let flipped = long.applying([TradeFill(instrument: inversePerpetual, size: -1_500, price: 700)])
        #expect(abs(flipped.cash - 0.238095238095238) < 1e-14)
        #expect(flipped.positions.map(\.size) == [-500] && flipped.positions[0].entryPrice == 700)
        // A short gains when the price falls: 500 x (1/500 - 1/700) coin... from 700 to 500, -500 x (1/700 - 1/500).
        let covered = flipped.applying([TradeFill(instrument: inversePerpetual, size: 500, price: 500)])
        #expect(abs(covered.cash - (0.238095238095238 + 500 * (1.0 / 500 - 1.0 / 700))) < 1e-14)
    }

    @Test func anInverseOptionPaysItsPremiumInCoin() {
        let call = TestPortfolios.call(65_000, size: 0).instrument.settled(in: .coin)
        let portfolio = Portfolio(cash: 1, currency: "BTC").applying([TradeFill(instrument: call, size: -2, price: 0.05)])
        #expect(portfolio.cash == 1.1)
        #expect(portfolio.positions.map(\.size) == [-2] && portfolio.positions[0].entryPrice == 0.05 && portfolio.positions[0].sizeUnit == .coin)
    }

    @Test func fillsMustSettleInTheAccountsCurrency() {
        let coinSized = Portfolio(positions: [Position(instrument: inversePerpetual, size: 1)], currency: "BTC")
        let issues = coinSized.fillIssues([TradeFill(instrument: .perpetual("BTC"), size: 1, price: 60_000),
                                           TradeFill(instrument: inversePerpetual, size: 100, price: 60_000),
                                           TradeFill(instrument: Instrument.perpetual("ETH").settled(in: .coin), size: 100, price: 3_000)])
        #expect(issues.map(\.field) == ["fills[0].instrument", "fills[1].instrument", "fills[2].instrument"])
        #expect(issues[0].reason.hasPrefix("settles in USD and the account is in BTC"))
        #expect(issues[1].reason.hasPrefix("is held sized in coin"))
        #expect(issues[2].reason.hasPrefix("settles in ETH and the account is in BTC"))
        #expect(Portfolio().fillIssues([TradeFill(instrument: .perpetual("BTC"), size: 1, price: 60_000)]).isEmpty)
    }
}
