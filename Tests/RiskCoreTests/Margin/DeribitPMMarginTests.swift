import Foundation
import Testing
@testable import RiskCore

@Suite struct DeribitPMMarginTests {
    private func margin(_ positions: [Position], cash: Double = 100_000, market: MarketData = TestPortfolios.market()) throws -> (MarginResult, DeribitPMBreakdown) {
        let result = try DeribitPMMargin().margin(Portfolio(cash: cash, positions: positions), market: market, asOf: TestPortfolios.asOf)
        guard case .deribitPM(let breakdown) = result.breakdown else { throw RiskError.invalid([]) }
        return (result, breakdown)
    }

    /// Deribit's BTC pme/simulate example (2024-06-17): 0.314538364 BTC of the perpetual long,
    /// 0.001187534 BTC of the 28JUN24 future short, in BTC. Every entry of the risk vector is
    /// q s / (1 + s) summed; the worst case 0.059685872 at -16%; roll shock 0.01 x the gross
    /// coin size; risk-matrix margin 0.06284313098, MM 0.050274504784, and IM with Deribit's
    /// MMP and open-orders margin 0.122861343.
    @Test func reproducesDeribitsBTCExample() throws {
        let example = TestPortfolios.DeribitBTCExample.self
        let result = try DeribitPMMargin().margin(example.portfolio(marginAddOns: MarginAddOns(mmp: 0.06, openOrders: 0.000018212)),
                                                  market: example.market, asOf: example.asOf)
        guard case .deribitPM(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let btc = breakdown.underlyings[0]
        #expect(btc.scenarios.count == 9 * 3 + 8)
        let net = example.netSize
        for (index, scenario) in btc.scenarios.prefix(27).enumerated() {
            let move = 0.16 * Double(index / 3 - 4) / 4
            #expect(scenario.spotShock == move && scenario.volatility == [.up, .none, .down][index % 3] && !scenario.extended)
            #expect(abs(scenario.pnl - net * move / (1 + move)) < 1e-12, "\(move)")
            // No profit counts (pnl_offset 0 for btc).
            #expect(scenario.weightedPnl == min(scenario.pnl, 0))
        }
        // The extended table: futures at the edge of the same sign, about 3,900 USD at most,
        // all within the dampener: zeros, as in Deribit's answer.
        #expect(btc.scenarios.suffix(8).map(\.spotShock) == DeribitPMParameters.extendedMoves)
        #expect(abs(btc.scenarios[27].pnl - net * -0.16 / 0.84) < 1e-12 && abs(btc.scenarios[34].pnl - net * 0.16 / 1.16) < 1e-12)
        #expect(btc.scenarios.suffix(8).allSatisfy { $0.weightedPnl == 0 && $0.volatility == .up && $0.extended })
        #expect(btc.worstScenario == 0 && btc.riskMatrixLoss == 0.059685872)
        #expect(abs(btc.rollShock - 0.00315725898) < 1e-12 && btc.deltaShock == 0)
        #expect(abs(btc.riskMatrixMargin - 0.06284313098) < 1e-12)
        #expect(abs(result.maintenanceMargin - 0.050274504784) < 1e-12)
        #expect(result.initialMargin == 0.122861343)
        #expect(result.currency.code == "BTC")
    }

    /// Deribit's ETH capture (2026-02-15): 0.999487053 ETH of the perpetual short. Worst case
    /// 0.152464127 at +18%; the 0.219399597 profit at -18% counts 0.6 of itself; roll shock
    /// 0.005 x 0.999487053; risk-matrix margin 0.157461562265, MM 0.125969249812.
    @Test func reproducesDeribitsETHExample() throws {
        let market = MarketData(["ETH": AssetMarket(spot: 1_963.31)])
        let portfolio = Portfolio(positions: [Position(instrument: Instrument.perpetual("ETH").settled(in: .coin), size: -0.999487053)], currency: "ETH")
        let result = try DeribitPMMargin().margin(portfolio, market: market, asOf: TestPortfolios.asOf)
        guard case .deribitPM(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let eth = breakdown.underlyings[0]
        let lowest = eth.scenarios[0]
        #expect(lowest.spotShock == -0.18 && String(format: "%.9f", lowest.pnl) == "0.219399597")
        #expect(abs(lowest.weightedPnl - lowest.pnl * 0.6) < 1e-15 && String(format: "%.10f", lowest.weightedPnl) == "0.1316397582")
        #expect(eth.riskMatrixLoss == 0.152464127 && eth.scenarios[eth.worstScenario].spotShock == 0.18)
        #expect(abs(eth.rollShock - 0.004997435265) < 1e-12)
        #expect(abs(eth.riskMatrixMargin - 0.157461562265) < 1e-12)
        #expect(abs(result.maintenanceMargin - 0.125969249812) < 1e-12)
    }

    /// A linear perpetual in a USD account: the matrix edge, USD's roll floor, no delta shock
    /// below 20,000,000 USD of delta.
    @Test func aLinearPerpetualInUSD() throws {
        let (result, breakdown) = try margin([TestPortfolios.perp(size: 2)])
        let btc = breakdown.underlyings[0]
        #expect(btc.riskMatrixLoss == 0.16 * 120_000)
        #expect(btc.deltaShock == 0 && close(btc.rollShock, 0.01 * 2 * 60_000))
        #expect(result.initialMargin == 19_200 + 1_200 && close(result.maintenanceMargin, 0.8 * 20_400))
    }

    /// Beyond the threshold the stand-in charges max_delta_shock of the excess; a dated
    /// future's roll rate grows with its term past the floor.
    @Test func deltaAndRollShocks() throws {
        let (_, big) = try margin([TestPortfolios.perp(size: 400)])
        #expect(close(big.underlyings[0].deltaShock, 0.1 * (400 * 60_000 - 20_000_000)))
        let yearOut = Timestamp(iso8601: "2027-03-01T08:00:00Z")!
        let (_, dated) = try margin([Position(instrument: .future("BTC", expiry: yearOut), size: 1), TestPortfolios.perp(size: -1)])
        // 0.1 x 1 year for the future (USD's annualised_move_risk), the 0.01 floor for the perpetual: not netted.
        #expect(close(dated.underlyings[0].rollShock, 60_000 * (0.1 * 1 + 0.01), relative: 1e-12))
    }

    /// A far short call beyond the range: its extended loss counts less the dampener (USD's
    /// 25,000, a stand-in's reading) and is the worst case.
    @Test func theExtendedTableDampensOptionLosses() throws {
        let (_, breakdown) = try margin([TestPortfolios.call(120_000, size: -100)])
        let btc = breakdown.underlyings[0]
        let extended = btc.scenarios.suffix(8)
        for scenario in extended where scenario.pnl < -25_000 {
            #expect(close(scenario.weightedPnl, scenario.pnl + 25_000))
        }
        #expect(btc.scenarios[btc.worstScenario].extended && btc.scenarios[btc.worstScenario].spotShock == 5)
    }

    @Test func volatilityShocksScaleWithTerm() {
        let margin = DeribitPMMargin()
        let pair = DeribitPMParameters.defaults.currencyPairs["BTC"]!
        let tenDays = ScenarioEngine.OptionTerms(size: 1, sign: 1, forward: 1, strike: 1, logMoneyness: 0,
                                                 sqrtTime: (10 / 365.0).squareRoot(), discount: 1, volatility: 0.4, mark: 0, expired: false)
        let m = pow(3.0, 0.3)
        #expect(close(margin.shockedVolatility(tenDays, .up, pair), 0.5 * (1 + 0.5 * m), relative: 1e-12))
        #expect(close(margin.shockedVolatility(tenDays, .down, pair), 0.4 * (1 - 0.25 * m), relative: 1e-12))
        var yearOut = tenDays
        yearOut.sqrtTime = 1
        yearOut.volatility = 0.8
        #expect(close(margin.shockedVolatility(yearOut, .up, pair), 0.8 * (1 + 0.5 * pow(30 / 365.0, 0.13)), relative: 1e-12))
        // ETH's up range is 0.4 in 2026.
        #expect(DeribitPMParameters.defaults.currencyPairs["ETH"]?.volatilityRangeUp == 0.4)
    }

    /// Deribit's grouping, snake_case, both ways.
    @Test func parametersAreDeribitsModelParams() throws {
        let json = String(decoding: try JSONEncoder().encode(DeribitPMParameters.defaults), as: UTF8.self)
        #expect(json.contains(#""currency_pair":{"#) && json.contains(#""btc_usd":{"#) && json.contains(#""price_range":0.16"#))
        #expect(json.contains(#""general":{"#) && json.contains(#""mm_factor":0.8"#) && json.contains(#""usd":{"#))
        let decoded = try JSONDecoder().decode(DeribitPMParameters.self, from: Data(json.utf8))
        #expect(decoded == DeribitPMParameters.defaults)
        var bad = DeribitPMParameters.defaults
        bad.currencyPairs["BTC"]?.bucketsCount = 0
        bad.currencies["BTC"]?.pnlOffset = 2
        #expect(bad.validationIssues().map(\.field) == ["modelParams.currency_pair.btc_usd.buckets_count", "modelParams.currency.btc.pnl_offset"])
    }
}
