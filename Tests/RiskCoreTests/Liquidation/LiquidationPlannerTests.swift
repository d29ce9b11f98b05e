import Testing
@testable import RiskCore

@Suite struct LiquidationPlannerTests {
    let parameters = RiskParameters.standardDefaults

    func planner(_ liquidation: LiquidationParameters = LiquidationParameters()) -> LiquidationPlanner {
        LiquidationPlanner(parameters: liquidation, liquidity: parameters.underlyings.mapValues(\.liquidity))
    }

    func marginFunction(_ mode: MarginMode, spot: Double) -> (Portfolio) throws -> MarginResult {
        let methodology = StandardMethodology(parameters: parameters)
        let market = TestPortfolios.market(spot: spot)
        return { try methodology.margin($0, market: market, asOf: TestPortfolios.asOf, mode: mode) }
    }

    @Test func closesJustEnoughOfAPerpetualToReachTheTarget() throws {
        // Isolated: equity = 20,000 + 10 (59,000 - 60,000) = 10,000; MM = 0.02 x 10 x 59,000 = 11,800.
        // Closing f: equity 10,000 - 0.01 x 590,000 f, MM 11,800 (1 - f); the target 1.1 gives f = 2,980 / 7,080.
        let portfolio = Portfolio(cash: 20_000, positions: [Position(instrument: .perpetual("BTC"), size: 10, entryPrice: 60_000)])
        let plan = try planner().plan(portfolio, margin: marginFunction(.isolated, spot: 59_000))
        #expect(plan.statusBefore == .liquidatable)
        #expect(close(plan.equityBefore, 10_000) && close(plan.maintenanceMarginBefore, 11_800))
        #expect(plan.steps.count == 1)
        let step = try #require(plan.steps.first)
        let fraction = 2_980.0 / 7_080.0
        #expect(close(step.fraction, fraction, relative: 1e-9))
        #expect(close(step.size, -10 * fraction, relative: 1e-9))
        #expect(close(step.penalty, 5_900 * fraction, relative: 1e-9))
        #expect(close(step.keeperReward, step.penalty / 2) && close(step.insuranceFundShare, step.penalty / 2))
        let notional = 590_000 * fraction
        let depth = parameters.underlyings["BTC"]!.liquidity.marketDepth
        #expect(close(step.expectedSlippage, notional * 0.0005 * (1 + (notional / depth).squareRoot()), relative: 1e-9))
        #expect(plan.reachesTarget)
        #expect(close(try #require(plan.marginRatioAfter), 1.1, relative: 1e-9))
        #expect(close(plan.equityAfter, 10_000 - step.penalty, relative: 1e-12))
    }

    @Test func theStepsReplayedOnThePortfolioRestoreTheTarget() throws {
        // Short calls and a short perpetual in cross mode after a rally.
        let portfolio = Portfolio(cash: 41_000, positions: [
            TestPortfolios.call(65_000, size: -4), TestPortfolios.call(70_000, size: -3),
            Position(instrument: .perpetual("BTC"), size: -2, entryPrice: 60_000),
        ])
        let margin = marginFunction(.cross, spot: 62_000)
        let before = try margin(portfolio)
        #expect(before.status == .liquidatable)
        let plan = try planner().plan(portfolio, margin: margin)
        #expect(plan.reachesTarget)
        // Futures and perpetuals first.
        #expect(plan.steps.first?.instrument == .perpetual("BTC"))
        // Replay the plan independently: each step closes its size at the mark and pays its penalty.
        var replay = portfolio
        for step in plan.steps {
            let valued = try margin(replay)
            let index = try #require(replay.positions.firstIndex { $0.instrument == step.instrument })
            let fraction = -step.size / replay.positions[index].size
            #expect(fraction > 0 && fraction <= 1 + 1e-12)
            replay = replay.closing(index, fraction: fraction, value: valued.positions[index].value, charge: step.penalty)
        }
        let after = try margin(replay)
        #expect(after.equity >= 1.1 * after.maintenanceMargin * (1 - 1e-9))
        #expect(close(after.equity, plan.equityAfter, relative: 1e-9))
        // Just enough: the last step was partial and lands on the target.
        if let last = plan.steps.last, last.fraction < 1 {
            #expect(close(try #require(after.marginRatio), 1.1, relative: 1e-6))
        }
    }

    @Test func aHedgingPerpetualIsKeptAndTheOptionsAreCut() throws {
        // The long perpetual hedges the short calls' delta: closing it would add risk.
        let portfolio = Portfolio(cash: 22_000, positions: [
            TestPortfolios.call(62_000, size: -5), Position(instrument: .perpetual("BTC"), size: 2, entryPrice: 60_000),
        ])
        let margin = marginFunction(.cross, spot: 61_000)
        #expect(try margin(portfolio).status == .liquidatable)
        let plan = try planner().plan(portfolio, margin: margin)
        #expect(plan.steps.first?.instrument.kind == .call)
        #expect(plan.reachesTarget)
    }

    @Test func anInsolventAccountIsClosedOutAndItsShortfallNamed() throws {
        // Equity = 5,000 + 10 (50,000 - 60,000) = -95,000: nothing left to pay a penalty with.
        let portfolio = Portfolio(cash: 5_000, positions: [Position(instrument: .perpetual("BTC"), size: 10, entryPrice: 60_000)])
        let plan = try planner().plan(portfolio, margin: marginFunction(.isolated, spot: 50_000))
        #expect(plan.statusBefore == .insolvent)
        #expect(plan.steps.count == 1 && plan.steps[0].fraction == 1)
        #expect(plan.steps[0].penalty == 0)
        #expect(!plan.reachesTarget)
        #expect(close(plan.expectedShortfall, 95_000))
        #expect(plan.economics.penaltyCappedByEquity)
        #expect(!plan.economics.isEconomic)
    }

    @Test func anUneconomicPlanNamesThePenaltyThatWouldPayTheKeeper() throws {
        // A small account: 1% of 0.1 BTC is 59 in penalty, half of it to the keeper, against 5 of gas.
        var liquidation = LiquidationParameters()
        liquidation.gasCost = 40
        let portfolio = Portfolio(cash: 200, positions: [Position(instrument: .perpetual("BTC"), size: 0.1, entryPrice: 60_000)])
        let margin = marginFunction(.isolated, spot: 59_000)
        let plan = try planner(liquidation).plan(portfolio, margin: margin)
        #expect(!plan.steps.isEmpty)
        #expect(!plan.economics.isEconomic)
        let breakEven = try #require(plan.economics.breakEvenPenaltyRate)
        let step = plan.steps[0]
        #expect(close(breakEven, (step.expectedSlippage + 40) / (0.5 * step.notional), relative: 1e-12))
        #expect(breakEven > liquidation.penaltyRate)
        // Slightly above the break-even rate the keeper's share pays for the step.
        liquidation.penaltyRate = breakEven * 1.05
        liquidation.targetRatio = 1.0
        let richer = try planner(liquidation).plan(Portfolio(cash: 20_000, positions: portfolio.positions), margin: margin)
        #expect(richer.steps.isEmpty) // that account is healthy: nothing to do
        let step2 = LiquidationStep(instrument: step.instrument, size: step.size, fraction: step.fraction, markPrice: step.markPrice,
                                    notional: step.notional, expectedSlippage: step.expectedSlippage,
                                    penalty: step.notional * liquidation.penaltyRate,
                                    keeperReward: step.notional * liquidation.penaltyRate * 0.5, insuranceFundShare: 0,
                                    gasCost: 40, maintenanceMarginReduction: 0, equityAfter: 0, maintenanceMarginAfter: 0)
        #expect(step2.keeperProfit > 0)
    }

    @Test func aHealthyAccountNeedsNoPlan() throws {
        let portfolio = Portfolio(cash: 100_000, positions: [Position(instrument: .perpetual("BTC"), size: 1, entryPrice: 60_000)])
        let plan = try planner().plan(portfolio, margin: marginFunction(.cross, spot: 60_000))
        #expect(plan.steps.isEmpty && plan.reachesTarget)
        #expect(plan.economics.breakEvenPenaltyRate == nil)
    }
}

@Suite struct LiquidationPlannerDepthTests {
    let parameters = RiskParameters.standardDefaults

    @Test func aStepIsCutToTheDepthLeftAndTakesIt() throws {
        // 1,000 BTC long, isolated, at 59,000: the plan would close 42% (24.8 M); 10 M is left.
        let planner = LiquidationPlanner(parameters: LiquidationParameters(), liquidity: parameters.underlyings.mapValues(\.liquidity))
        let methodology = StandardMethodology(parameters: parameters)
        let market = TestPortfolios.market(spot: 59_000)
        let margin = { (portfolio: Portfolio) in try methodology.margin(portfolio, market: market, asOf: TestPortfolios.asOf, mode: .isolated) }
        let portfolio = Portfolio(cash: 2_000_000, positions: [Position(instrument: .perpetual("BTC"), size: 1_000, entryPrice: 60_000)])
        var depth: [String: Double]? = ["BTC": 10_000_000]
        let plan = try planner.plan(portfolio, depth: &depth, margin: margin)
        #expect(plan.steps.count == 1 && !plan.reachesTarget)
        let step = try #require(plan.steps.first)
        #expect(close(step.notional, 10_000_000, relative: 1e-12))
        #expect(close(step.fraction, 10_000_000 / 59_000_000, relative: 1e-12))
        #expect(depth?["BTC"] == 0)
        // Nothing left: the next plan in the same step closes nothing.
        let next = try planner.plan(plan.portfolioAfter, depth: &depth, margin: margin)
        #expect(next.steps.isEmpty)
        // Unlimited depth: the same plan as without the argument.
        var unlimited: [String: Double]?
        #expect(try planner.plan(portfolio, depth: &unlimited, margin: margin) == planner.plan(portfolio, margin: margin))
    }
}
