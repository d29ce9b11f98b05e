import Foundation
import Testing
@testable import RiskCore

@Suite struct StressModelTests {
    let model = StressModel.defaults

    @Test func theSameSeedGivesTheSamePaths() throws {
        let paths = try model.paths(for: ["BTC", "ETH", "SOL"], seed: 7, count: 3)
        #expect(paths == (try model.paths(for: ["SOL", "BTC", "ETH"], seed: 7, count: 3)))
        #expect(paths != (try model.paths(for: ["BTC", "ETH", "SOL"], seed: 8, count: 3)))
        #expect(paths.map(\.name) == ["jump-diffusion-1", "jump-diffusion-2", "jump-diffusion-3"])
        #expect(paths.allSatisfy { $0.steps.count == 24 && $0.steps.allSatisfy { Set($0.underlyings.keys) == ["BTC", "ETH", "SOL"] } })
        #expect(paths.allSatisfy { $0.steps.allSatisfy { $0.underlyings.values.allSatisfy { $0.spotFactor > 0 && (0.7...3).contains($0.volFactor) } } })
    }

    /// The first step of the first path, drawn by hand in the documented order.
    @Test func theFirstStepFollowsTheStatedDraws() throws {
        let path = try #require(try model.paths(for: ["BTC", "ETH"], seed: 11, count: 1).first)
        var random = SeededRandom(seed: 11)
        let (z1, z2) = (random.normal(), random.normal())
        let arrival = random.uniform()
        let (w1, w2) = (random.normal(), random.normal())
        let rho = 0.80
        let dt = 1.0 / 8_760
        let btc = model.dynamics(of: "BTC")
        let eth = model.dynamics(of: "ETH")
        let jumps = arrival < 0.5 / 24
        var x1 = -0.5 * btc.annualVolatility * btc.annualVolatility * dt + btc.annualVolatility * dt.squareRoot() * z1
        var x2 = -0.5 * eth.annualVolatility * eth.annualVolatility * dt
            + eth.annualVolatility * dt.squareRoot() * (rho * z1 + (1 - rho * rho).squareRoot() * z2)
        if jumps {
            x1 += btc.jumpMean + btc.jumpVolatility * w1
            x2 += eth.jumpMean + eth.jumpVolatility * (rho * w1 + (1 - rho * rho).squareRoot() * w2)
        }
        let first = path.steps[0]
        #expect(close(first.move(of: "BTC").spotFactor, exp(x1), relative: 1e-14))
        #expect(close(first.move(of: "ETH").spotFactor, exp(x2), relative: 1e-14))
        #expect(close(first.move(of: "ETH").volFactor, min(3, max(0.7, exp(-1.5 * x2))), relative: 1e-14))
    }

    /// Without jumps the hourly log returns have the stated volatilities and correlation.
    @Test func hourlyReturnsHaveTheStatedCorrelation() throws {
        var calm = model
        for name in ["BTC", "ETH", "SOL"] { calm.underlyings[name]!.jumpsPerDay = 0 }
        let paths = try calm.paths(for: ["BTC", "ETH", "SOL"], seed: 3, count: 1_000)
        func returns(_ name: String) -> [Double] {
            paths.flatMap { path in
                zip([StressMove.none] + path.steps.dropLast().map { $0.move(of: name) }, path.steps.map { $0.move(of: name) })
                    .map { log($1.spotFactor / $0.spotFactor) }
            }
        }
        func correlation(_ a: [Double], _ b: [Double]) -> Double {
            let (ma, mb) = (a.reduce(0, +) / Double(a.count), b.reduce(0, +) / Double(b.count))
            let covariance = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
            let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }
            let vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
            return covariance / (va * vb).squareRoot()
        }
        let (btc, eth, sol) = (returns("BTC"), returns("ETH"), returns("SOL"))
        // 24,000 draws: the sampling error of a correlation near 0.8 is about 0.003.
        #expect(abs(correlation(btc, eth) - 0.80) < 0.015)
        #expect(abs(correlation(btc, sol) - 0.70) < 0.015)
        #expect(abs(correlation(eth, sol) - 0.75) < 0.015)
        let hourly = (btc.reduce(0) { $0 + $1 * $1 } / Double(btc.count)).squareRoot()
        #expect(abs(hourly / (0.80 / 8_760.0.squareRoot()) - 1) < 0.02)
    }

    @Test func contradictoryCorrelationsAreRefusedByName() {
        var model = model
        model.correlations = ["BTC/ETH": 0.9, "BTC/SOL": 0.9, "ETH/SOL": -0.9]
        #expect(throws: RiskError.invalidParameters([ValidationIssue(field: "correlations",
                                                                      reason: "are not a correlation matrix over BTC, ETH, SOL: they must be positive definite")])) {
            try model.paths(for: ["BTC", "ETH", "SOL"], seed: 1, count: 1)
        }
        model.correlations = ["BTC-ETH": 0.5, "BTC/SOL": 1.0]
        #expect(model.validationIssues().map(\.field) == ["correlations.BTC-ETH", "correlations.BTC/SOL"])
    }

    @Test func anUnlistedUnderlyingTakesTheOtherDynamics() throws {
        #expect(model.dynamics(of: "XRP") == model.otherUnderlyings)
        #expect(model.correlation("XRP", "BTC") == 0.60 && model.correlation("ETH", "BTC") == 0.80)
        #expect(try model.paths(for: ["BTC", "XRP"], seed: 1, count: 2).count == 2)
    }
}
