import Foundation
import Synchronization
import Testing
@testable import RiskCore

@Suite struct StressReplayTests {
    let replay = StressReplay(planner: LiquidationPlanner(parameters: LiquidationParameters(),
                                                          liquidity: RiskParameters.standardDefaults.underlyings.mapValues(\.liquidity)),
                              movers: ["BTC", "ETH", "SOL"])
    let methodology = StandardMethodology()
    let long = Portfolio(cash: 150_000, positions: [Position(instrument: .perpetual("BTC"), size: 10, entryPrice: 60_000)])

    func margin(_ index: Int, _ portfolio: Portfolio, _ market: MarketData) throws -> MarginResult {
        try methodology.margin(portfolio, market: market, asOf: TestPortfolios.asOf, mode: .isolated)
    }

    @Test func builtInPathsHaveTheirShapes() throws {
        let march = try #require(StressPath.builtIn.first { $0.name == "crash-march-2020" })
        #expect(march.steps.count == 24)
        #expect(close(march.steps.last!.spotFactor, 0.6) && close(march.steps.last!.volFactor, 2))
        #expect(zip(march.steps, march.steps.dropFirst()).allSatisfy { $0.spotFactor > $1.spotFactor })
        let squeeze = try #require(StressPath.builtIn.first { $0.name == "squeeze" })
        #expect(close(squeeze.steps.last!.spotFactor, 1.5))
    }

    @Test func jumpDiffusionPathsAreFixedBySeed() {
        let first = StressPath.jumpDiffusion(seed: 42, paths: 4)
        #expect(first == StressPath.jumpDiffusion(seed: 42, paths: 4))
        #expect(first != StressPath.jumpDiffusion(seed: 43, paths: 4))
        #expect(first.count == 4 && first.allSatisfy { $0.steps.count == 24 })
        #expect(first.allSatisfy { $0.steps.allSatisfy { $0.spotFactor > 0 && $0.volFactor >= 0.7 && $0.volFactor <= 3 } })
    }

    @Test func aGapPastTheLineLeavesAnExactShortfall() {
        // One step to -40%: 150,000 + 10 (36,000 - 60,000) = -90,000, nothing to pay a penalty with.
        let gap = StressPath(name: "gap", description: "", steps: [StressStep(spotFactor: 0.6, volFactor: 1)])
        let outcome = replay.run(gap, accounts: [long], market: TestPortfolios.market(), margin: margin)
        #expect(outcome.liquidated == 1 && outcome.insolvent == 1)
        #expect(close(outcome.shortfall, 90_000))
        #expect(outcome.penaltiesToFund == 0)
    }

    @Test func keepersActingEachHourPreventTheShortfall() throws {
        let march = try #require(StressPath.builtIn.first)
        let outcome = replay.run(march, accounts: [long], market: TestPortfolios.market(), margin: margin)
        #expect(outcome.liquidated == 1 && outcome.insolvent == 0 && outcome.shortfall == 0)
        #expect(outcome.penaltiesToFund > 0)
        // A well-funded account never reaches the line.
        let safe = Portfolio(cash: 700_000, positions: long.positions)
        let calm = replay.run(march, accounts: [safe], market: TestPortfolios.market(), margin: margin)
        #expect(calm.liquidated == 0 && calm.penaltiesToFund == 0)
    }

    /// After a partial liquidation the remaining options carry their own marks again: each
    /// step sees the base IV x its volatility factor to the bit, not a step's factor divided out.
    @Test func marksAfterALiquidationAreTheBaseMarksAgain() throws {
        let baseIv = 0.9
        let account = Portfolio(cash: 66_000, positions: [
            Position(instrument: .perpetual("BTC"), size: 10, entryPrice: 60_000),
            TestPortfolios.call(70_000, size: 1, iv: baseIv),
        ])
        let path = StressPath(name: "two", description: "", steps: [StressStep(spotFactor: 0.9, volFactor: 1.2),
                                                                     StressStep(spotFactor: 0.9, volFactor: 1.1)])
        let seen = Mutex<[Double]>([])
        let outcome = replay.run(path, accounts: [account], market: TestPortfolios.market(), margin: { index, portfolio, market in
            if let iv = portfolio.positions.first(where: { $0.instrument.kind == .call })?.markIv { seen.withLock { $0.append(iv) } }
            return try margin(index, portfolio, market)
        })
        #expect(outcome.liquidated == 1 && outcome.insolvent == 0)
        let marks = seen.withLock { $0 }
        #expect(marks.contains(baseIv * 1.2) && marks.last == baseIv * 1.1)
        #expect(marks.allSatisfy { $0 == baseIv * 1.2 || $0 == baseIv * 1.1 }, "\(marks)")
    }
}
