import Foundation
import Testing
@testable import RiskCore

@Suite struct ScenarioEngineTests {
    /// The precomputed revaluation agrees with a direct Black-76 repricing on random books.
    @Test func matchesDirectRepricing() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<50 {
            var positions: [Position] = []
            for _ in 0..<8 {
                let days = Int64(generator.uniform(1, 400))
                let expiry = TestPortfolios.asOf.adding(seconds: days * 86_400 + Int64(generator.uniform(0, 86_399)))
                let kind: InstrumentKind = generator.uniform(0, 1) < 0.5 ? .call : .put
                positions.append(Position(instrument: .option("BTC", kind, strike: generator.uniform(20_000, 150_000), expiry: expiry),
                                          size: generator.uniform(-5, 5), markIv: generator.uniform(0.2, 2.0)))
            }
            positions.append(TestPortfolios.perp(size: generator.uniform(-3, 3)))
            let market = MarketData(["BTC": AssetMarket(spot: 60_000, expiries: [:])])
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: positions), market: market,
                                                                                   asOf: TestPortfolios.asOf, scenarioUnderlyings: ["BTC"])
            let engine = ScenarioEngine(underlying: "BTC", valued: valued)
            for scenario in RiskParameters.standardDefaults.underlyings["BTC"]!.portfolio.grid.scenarios {
                var direct = 0.0
                // The terms' magnitudes: summing them in another order moves the total by ~1e-16 of this.
                var gross = 0.0
                for position in valued.positions {
                    if position.instrument.kind.isOption {
                        let shocked = Black76.price(kind: position.instrument.kind, forward: position.forward * (1 + scenario.spotShock),
                                                    strike: position.instrument.strike!, timeToExpiry: position.timeToExpiry!,
                                                    volatility: position.volatility! * (1 + scenario.volShock), rate: position.rate)
                        direct += position.size * (shocked - position.markPrice)
                        gross += abs(position.size * shocked) + abs(position.size * position.markPrice)
                    } else {
                        direct += position.size * position.markPrice * scenario.spotShock
                        gross += abs(position.size * position.markPrice * scenario.spotShock)
                    }
                }
                let fast = engine.pnl(under: scenario)
                #expect(abs(fast - direct) <= max(1e-10 * max(1, abs(direct)), 1e-14 * gross), "\(scenario): \(fast) vs \(direct)")
            }
        }
    }

    /// The vector path, which prices every book, equals the scalar libm reference within 1e-10
    /// relative on random books of 1 to 129 options (blocks of 8 with unused lanes), deep in and
    /// out of the money, short and long dated.
    @Test func simdPathEqualsTheScalarPath() throws {
        var generator = SplitMix64(seed: 7)
        var grid = RiskParameters.standardDefaults.underlyings["BTC"]!.portfolio.grid.scenarios
        grid += [Scenario(spotShock: -0.6, volShock: 1.5, weight: 1), Scenario(spotShock: 1.0, volShock: -0.5, weight: 1)]
        for round in 0..<60 {
            // Small books, whole and part-empty blocks.
            let count = [1, 7, 9, 40, 63, 64, 65, 70, 129][round % 9]
            var positions: [Position] = []
            for _ in 0..<count {
                let seconds = Int64(generator.uniform(60, 2 * 365 * 86_400))
                let expiry = TestPortfolios.asOf.adding(seconds: seconds)
                let kind: InstrumentKind = generator.uniform(0, 1) < 0.5 ? .call : .put
                positions.append(Position(instrument: .option("BTC", kind, strike: generator.uniform(5_000, 300_000), expiry: expiry),
                                          size: generator.uniform(-10, 10), markIv: generator.uniform(0.05, 3.0)))
            }
            let market = MarketData(["BTC": AssetMarket(spot: 60_000)])
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: positions), market: market,
                                                                                   asOf: TestPortfolios.asOf, scenarioUnderlyings: ["BTC"])
            let engine = ScenarioEngine(underlying: "BTC", valued: valued)
            let gross = valued.positions.reduce(0) { $0 + abs($1.size) * max($1.markPrice, 1) }
            for scenario in grid {
                let simd = engine.pnl(under: scenario)
                let scalar = engine.scalarPnl(under: scenario)
                #expect(abs(simd - scalar) <= 1e-10 * max(abs(scalar), 1e-3 * gross), "\(count) options, \(scenario): \(simd) vs \(scalar)")
            }
        }
    }

    /// A position's own scenario P&L (the scenarios answer's per-position figures) is priced
    /// as in a book: a one-option book's P&L to the bit.
    @Test func aPositionsOwnPnlIsItsBooksToTheBit() throws {
        for position in [TestPortfolios.call(65_000, size: -2), TestPortfolios.put(55_000, size: 3), TestPortfolios.call(200_000, size: 0.5)] {
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: [position]), market: TestPortfolios.market(),
                                                                                   asOf: TestPortfolios.asOf, scenarioUnderlyings: ["BTC"])
            let engine = ScenarioEngine(underlying: "BTC", valued: valued)
            for scenario in RiskParameters.standardDefaults.underlyings["BTC"]!.portfolio.grid.scenarios {
                let own = ScenarioEngine.pnl(of: valued.positions[0], under: scenario)
                #expect(own.bitPattern == engine.pnl(under: scenario).bitPattern, "\(position.instrument), \(scenario)")
                #expect(own != 0 || scenario.spotShock == 0)
            }
        }
    }

    /// `results` gives the grid's scenarios in its order with the P&L of one scenario at a time,
    /// to the bit, on books it prices eight scenarios at a time (few options) and eight options
    /// at a time (many).
    @Test func gridResultsEqualScenarioByScenario() throws {
        let grid = RiskParameters.standardDefaults.underlyings["BTC"]!.portfolio.grid
        for options in [2, 70] {
            let positions = (0..<options).map { index in
                index.isMultiple(of: 2) ? TestPortfolios.call(50_000 + Double(index) * 500, size: -2) : TestPortfolios.put(40_000 + Double(index) * 500, size: 3)
            } + [TestPortfolios.perp(size: 1)]
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: positions), market: TestPortfolios.market(),
                                                                                   asOf: TestPortfolios.asOf, scenarioUnderlyings: ["BTC"])
            let engine = ScenarioEngine(underlying: "BTC", valued: valued)
            let results = engine.results(grid)
            #expect(results.map(\.scenario) == grid.scenarios)
            #expect(results.map(\.pnl.bitPattern) == grid.scenarios.map { engine.pnl(under: $0).bitPattern }, "\(options) options")
            #expect(results.map(\.weightedPnl.bitPattern) == grid.scenarios.map { (engine.pnl(under: $0) * $0.weight).bitPattern })
        }
    }

    /// In USD, an inverse option's scenario P&L is a linear one's x spot / forward, and an
    /// inverse future's is the coins it holds x spot x the move: exactly, scenario by scenario.
    @Test func inversePositionsMoveAsTheirCoinsWorthInUSD() throws {
        let market = MarketData(["BTC": AssetMarket(spot: 60_000, expiries: [TestPortfolios.expiry: ExpiryMarket(forward: 60_300, rate: 0)])])
        let linear = TestPortfolios.put(55_000, size: -4, iv: 0.7)
        var inverse = linear
        inverse.instrument = linear.instrument.settled(in: .coin)
        let future = Position(instrument: Instrument.future("BTC", expiry: TestPortfolios.expiry).settled(in: .coin), size: 24_000,
                              sizeUnit: .usd, entryPrice: 58_000)
        func engine(_ positions: [Position]) throws -> ScenarioEngine {
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(Portfolio(positions: positions), market: market, asOf: TestPortfolios.asOf)
            return ScenarioEngine(underlying: "BTC", valued: valued)
        }
        let (linearEngine, inverseEngine, futureEngine) = (try engine([linear]), try engine([inverse]), try engine([future]))
        for spotShock in [-0.66, -0.16, -0.04, 0, 0.08, 0.5, 3] {
            for volShock in [-0.25, 0, 0.5] {
                let scenario = Scenario(spotShock: spotShock, volShock: volShock)
                #expect(close(inverseEngine.pnl(under: scenario), linearEngine.pnl(under: scenario) * 60_000 / 60_300, relative: 1e-14) || abs(linearEngine.pnl(under: scenario)) < 1e-9)
                // 24,000 USD from 58,000 hold 24000/58000 coins: in USD they move by that x S x s.
                let expected = 24_000 / 58_000 * 60_000 * spotShock
                #expect(close(futureEngine.pnl(under: scenario), expected, relative: 1e-14) || expected == 0)
                // Against the coin P&L at the moved forward, converted at the moved spot, minus today's.
                let coinsThen = 24_000 * (1 / 58_000 - 1 / (60_300 * (1 + spotShock)))
                let coinsNow = 24_000 * (1 / 58_000 - 1 / 60_300.0)
                #expect(abs(futureEngine.pnl(under: scenario) - (coinsThen * 60_000 * (1 + spotShock) - coinsNow * 60_000)) < 1e-9)
            }
        }
    }
}


/// A small deterministic generator for property tests.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
