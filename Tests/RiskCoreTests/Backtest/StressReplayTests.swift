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

/// Liquidation takes the market's depth: BTC's 50 M a step with the default parameters.
@Suite struct StressReplayDepthTests {
    let planner = LiquidationPlanner(parameters: LiquidationParameters(),
                                     liquidity: RiskParameters.standardDefaults.underlyings.mapValues(\.liquidity))
    let methodology = StandardMethodology()
    /// 10,000 BTC long from 60,000 with 150 M: at -40% equity is 150 M - 240 M = -90 M.
    let whale = Portfolio(cash: 150_000_000, positions: [Position(instrument: .perpetual("BTC"), size: 10_000, entryPrice: 60_000)])

    func margin(_ index: Int, _ portfolio: Portfolio, _ market: MarketData) throws -> MarginResult {
        try methodology.margin(portfolio, market: market, asOf: TestPortfolios.asOf, mode: .isolated)
    }

    func replay(depthPerStep: Double?) -> StressReplay {
        StressReplay(planner: planner, movers: ["BTC", "ETH", "SOL"], depthPerStep: depthPerStep)
    }

    @Test func aPositionTooLargeForOneStepIsClosedAtTheLastMarks() {
        let gap = StressPath(name: "gap", description: "", steps: [StressStep(spotFactor: 0.6, volFactor: 1)])
        let unlimited = replay(depthPerStep: nil).run(gap, accounts: [whale], market: TestPortfolios.market(), margin: margin)
        #expect(unlimited.insolvent == 1 && close(unlimited.shortfall, 90_000_000) && unlimited.depthLimited == 0)
        // 50 M of the 360 M closes in the step; the rest is valued at the same marks at the end.
        let timed = replay(depthPerStep: 1).run(gap, accounts: [whale], market: TestPortfolios.market(), margin: margin)
        #expect(timed.insolvent == 1 && timed.depthLimited == 1)
        #expect(close(timed.shortfall, 90_000_000, relative: 1e-9))
    }

    @Test func whatTheDepthHeldBackRecoversWithTheMarket() {
        // Step 1 closes 50 M / 36,000 BTC at a 24,000 loss each (33.3 M); back at 60,000 the
        // remaining 8,611 BTC lose nothing: equity 116.7 M, far above the line. Without the
        // depth limit the whole book was closed at the bottom.
        let vee = StressPath(name: "vee", description: "", steps: [StressStep(spotFactor: 0.6, volFactor: 1), StressStep(spotFactor: 1, volFactor: 1)])
        let timed = replay(depthPerStep: 1).run(vee, accounts: [whale], market: TestPortfolios.market(), margin: margin)
        #expect(timed.liquidated == 1 && timed.insolvent == 1 && timed.shortfall == 0 && timed.depthLimited == 1)
        let unlimited = replay(depthPerStep: nil).run(vee, accounts: [whale], market: TestPortfolios.market(), margin: margin)
        #expect(close(unlimited.shortfall, 90_000_000))
    }

    @Test func theRiskiestAccountTakesTheDepthFirst() {
        // Two whales in the same step: the one with less cash is liquidated first and takes all
        // 50 M; the other waits for the next step.
        let poorer = Portfolio(cash: 140_000_000, positions: whale.positions)
        let seen = Mutex<[Int]>([])
        let step = StressPath(name: "gap", description: "", steps: [StressStep(spotFactor: 0.6, volFactor: 1)])
        let outcome = replay(depthPerStep: 1).run(step, accounts: [whale, poorer], market: TestPortfolios.market()) { index, portfolio, market in
            let result = try margin(index, portfolio, market)
            if portfolio.positions.first.map({ $0.size < 10_000 }) == true { seen.withLock { $0.append(index) } }
            return result
        }
        #expect(outcome.depthLimited == 2 && outcome.insolvent == 2)
        // Only account 1's position was ever cut within the step.
        #expect(Set(seen.withLock { $0 }) == [1])
        #expect(close(outcome.shortfall, 90_000_000 + 100_000_000, relative: 1e-9))
    }
}
