import Testing
@testable import RiskCore

@Suite struct CalibrationTargetTests {
    func outcome(shortfall: Double, penalties: Double = 0) -> PathOutcome {
        var outcome = PathOutcome()
        outcome.shortfall = shortfall
        outcome.penaltiesToFund = penalties
        return outcome
    }

    @Test func theFundAndThePathsPenaltiesCoverFirst() {
        #expect(outcome(shortfall: 100, penalties: 30).shortfallBeyond(fund: 50) == 20)
        #expect(outcome(shortfall: 100, penalties: 60).shortfallBeyond(fund: 50) == 0)
    }

    @Test func aShareOfSeededPathsAndEveryHistoricalOne() {
        let target = CalibrationTarget(maximumShortfallBeyondFund: 10, insuranceFund: 0, seededPathShare: 0.99)
        let seeded = (1...100).map { StressPath(name: "jump-diffusion-\($0)", description: "", steps: []) }
        let crash = StressPath(name: "crash", description: "", steps: [])
        var outcomes = seeded.map { (path: $0, seeded: true, outcome: outcome(shortfall: 0)) } + [(path: crash, seeded: false, outcome: outcome(shortfall: 10))]
        #expect(target.check(outcomes) == (true, []))
        outcomes[4].outcome = outcome(shortfall: 11)
        #expect(target.check(outcomes) == (true, ["jump-diffusion-5"]))
        outcomes[5].outcome = outcome(shortfall: 11)
        #expect(target.check(outcomes).met == false)
        outcomes[5].outcome = outcome(shortfall: 0)
        outcomes[100].outcome = outcome(shortfall: 10.5)
        #expect(target.check(outcomes) == (false, ["jump-diffusion-5", "crash"]))
    }
}
