import Testing
@testable import RiskCore

@Suite struct PortfolioValuerTests {
    @Test func equityIsCashCollateralOptionsAndFuturesPnl() throws {
        var perp = TestPortfolios.perp(size: 2)
        perp.entryPrice = 59_000
        perp.unrealizedFunding = -15
        let portfolio = Portfolio(cash: 1_000, collateral: [CollateralHolding(asset: "USDC", amount: 500, price: 1)],
                                  positions: [TestPortfolios.call(60_000, size: -1), perp])
        let valued = try PortfolioValuer(parameters: .standardDefaults).value(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf)
        let call = valued.positions[0]
        // The perp: 2 x (60,000 - 59,000) - 15; the call at its Black-76 mark.
        #expect(valued.positions[1].value == 1_985 && valued.unrealizedPnl == 1_985)
        #expect(valued.optionsValue == -call.markPrice && call.markPrice > 0)
        #expect(close(valued.equity, 1_000 + valued.collateralValue - call.markPrice + 1_985))
        #expect(valued.collateralValue < 500 && valued.collateralValue > 490)
        #expect(valued.greeks["BTC"].map { close($0.delta, call.delta + 2) } == true)
    }

    @Test func theVenuesUnrealizedPnlWinsOverTheEntryPrice() throws {
        var perp = TestPortfolios.perp(size: 1)
        perp.entryPrice = 10_000
        perp.unrealizedPnl = 42
        let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [perp]), market: TestPortfolios.market(),
                                                                              asOf: TestPortfolios.asOf)
        #expect(valued.unrealizedPnl == 42)
    }

    // MARK: Inverse (coin-settled) positions, in a USD account (docs/INVERSE.md)

    static let inversePerpetual = Instrument.perpetual("BTC").settled(in: .coin)

    /// Deribit's worked example: 1,000 USD long at 600, marked at 700, makes
    /// 1000/600 - 1000/700 = 0.238095 BTC, worth 166.67 USD at 700.
    @Test func anInverseFuturesProfitIsInCoinWorthTheSpotEach() throws {
        let position = Position(instrument: Self.inversePerpetual, size: 1_000, sizeUnit: .usd, entryPrice: 600)
        let market = MarketData(["BTC": AssetMarket(spot: 700)])
        let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [position]), market: market,
                                                                              asOf: TestPortfolios.asOf)
        let perpetual = valued.positions[0]
        let coins = 1_000.0 / 600 - 1_000.0 / 700
        #expect(String(format: "%.6f", coins) == "0.238095")
        #expect(close(perpetual.value, coins * 700) && String(format: "%.2f", perpetual.value) == "166.67")
        // 1,000 USD are 1000/700 coins at the mark; the USD it moves by per dollar of BTC is
        // the coins it holds with its profit: 1000/600.
        #expect(close(perpetual.size, 1_000.0 / 700) && close(perpetual.delta, 1_000.0 / 600))
        #expect(close(perpetual.linearExposure, 1_000.0 / 600 * 700))
        // The same position stated in coin at the mark is the same position.
        let inCoin = Position(instrument: Self.inversePerpetual, size: 1_000.0 / 700, entryPrice: 600)
        let again = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [inCoin]), market: market, asOf: TestPortfolios.asOf)
        #expect(close(again.positions[0].value, perpetual.value) && close(again.positions[0].delta, perpetual.delta))
    }

    /// Deribit's worked settlements: a 100,000 call at delivery 125,000 pays 25,000 / 125,000 =
    /// 0.2 BTC; a 10,000 put at delivery 5,000 pays 1 BTC.
    @Test func anInverseOptionPaysItsIntrinsicValueOverTheDeliveryPriceInCoin() throws {
        let delivered = TestPortfolios.asOf.adding(seconds: -60)
        let call = Position(instrument: Instrument.option("BTC", .call, strike: 100_000, expiry: delivered).settled(in: .coin), size: 1)
        let put = Position(instrument: Instrument.option("BTC", .put, strike: 10_000, expiry: delivered).settled(in: .coin), size: 1)
        for (position, spot, coins) in [(call, 125_000.0, 0.2), (put, 5_000.0, 1.0)] {
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [position]),
                                                                                  market: MarketData(["BTC": AssetMarket(spot: spot, atmVolatility: 0.5)]), asOf: TestPortfolios.asOf)
            #expect(valued.positions[0].markPrice == coins && close(valued.positions[0].value, coins * spot))
        }
    }

    /// Before expiry an inverse option's coin mark is Black-76 on the forward over the
    /// forward; its value and Greeks are a linear option's times spot / forward.
    @Test func anInverseOptionIsWorthSpotOverForwardOfALinearOne() throws {
        let market = MarketData(["BTC": AssetMarket(spot: 60_000, atmVolatility: 0.6, expiries: [TestPortfolios.expiry: ExpiryMarket(forward: 60_300, rate: 0.01)])])
        let linear = TestPortfolios.call(62_000, size: -3)
        var inverse = linear
        inverse.instrument = linear.instrument.settled(in: .coin)
        let valuer = PortfolioValuer(parameters: .standardDefaults)
        let quote = try valuer.value(Portfolio(positions: [linear]), market: market, asOf: TestPortfolios.asOf).positions[0]
        let coin = try valuer.value(Portfolio(positions: [inverse]), market: market, asOf: TestPortfolios.asOf).positions[0]
        let scale = 60_000.0 / 60_300
        #expect(close(coin.markPrice, quote.markPrice / 60_300) && coin.modelPrice == quote.markPrice)
        #expect(close(coin.value, quote.value * scale) && close(coin.delta, quote.delta * scale))
        #expect(close(coin.gamma, quote.gamma * scale) && close(coin.vega, quote.vega * scale))
        #expect(coin.size == -3 && close(coin.quoteMark, coin.markPrice * 60_000))
    }

    /// A venue's mark is used as given and the volatility implied from it: a coin mark of
    /// 0.05 BTC is 0.05 x forward in Black-76's terms.
    @Test func aGivenMarkValuesTheOptionAndImpliesItsVolatility() throws {
        let market = MarketData(["BTC": AssetMarket(spot: 60_000, expiries: [TestPortfolios.expiry: ExpiryMarket(forward: 60_300, rate: 0)])])
        let instrument = Instrument.option("BTC", .call, strike: 62_000, expiry: TestPortfolios.expiry).settled(in: .coin)
        let position = Position(instrument: instrument, size: 2, markPrice: 0.05)
        let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [position]), market: market, asOf: TestPortfolios.asOf)
        let option = valued.positions[0]
        #expect(option.markPrice == 0.05 && close(option.value, 2 * 0.05 * 60_000))
        let implied = try #require(option.volatility)
        let repriced = Black76.price(kind: .call, forward: 60_300, strike: 62_000, timeToExpiry: TestPortfolios.asOf.yearFraction(to: TestPortfolios.expiry),
                                     volatility: implied, rate: 0)
        #expect(close(repriced, 0.05 * 60_300, relative: 1e-13))
        // Nothing moves, nothing is lost.
        #expect(abs(ScenarioEngine(underlying: "BTC", valued: valued).pnl(under: Scenario(spotShock: 0, volShock: 0))) < 1e-9)
        // A coin mark no volatility gives (above the forward over the forward: 1 coin) is refused, naming it.
        let impossible = Position(instrument: instrument, size: 2, markPrice: 1.2)
        #expect(throws: RiskError.self) { try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [impossible]), market: market, asOf: TestPortfolios.asOf) }
        do {
            _ = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [impossible]), market: market, asOf: TestPortfolios.asOf)
        } catch {
            guard case .invalid(let issues) = error else { Issue.record("\(error)"); return }
            #expect(issues.map(\.field) == ["positions[0].markPrice"])
        }
    }
}
