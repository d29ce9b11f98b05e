import Testing
@testable import RiskCore

@Suite struct LiquidityBufferTests {
    @Test func aSpreadPlusSquareRootImpactPerUnderlying() throws {
        let parameters = RiskParameters.standardDefaults
        let liquidity = try #require(parameters.underlyings["BTC"]?.liquidity)
        let position = PositionValuation(instrument: .perpetual("BTC"), size: -2, markPrice: 60_000, value: 0, delta: -2, gamma: 0, vega: 0,
                                         theta: 0, spot: 60_000, forward: 60_000, rate: 0, volatility: nil, timeToExpiry: nil)
        let buffer = LiquidityBuffer.perUnderlying([position, position], parameters: parameters)
        let one = 120_000 * liquidity.futuresRate * (1 + (120_000 / liquidity.marketDepth).squareRoot())
        #expect(buffer.keys.sorted() == ["BTC"] && close(buffer["BTC"]!, 2 * one))
    }
}
