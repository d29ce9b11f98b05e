import Testing
@testable import RiskCore

@Suite struct CalibrationSearchTests {
    /// A backtest stand-in whose shortfall falls with the factor: met from `threshold` up.
    func evaluate(threshold: Double) -> ([Double]) -> CalibrationTrial {
        { factors in
            let met = factors[0] >= threshold
            return CalibrationTrial(factors: factors, met: met, failingPaths: met ? [] : ["crash"],
                                    shortfallBeyondFund: met ? 0 : threshold - factors[0], capitalEfficiency: factors[0] / 10)
        }
    }

    @Test func oneMonotoneScaleEndsAtTheStatedPoint() {
        // Common bisection between 1 and 3 (t halves six times): met at 3, 2, 1.75, 1.71875;
        // missed at 1, 1.5, 1.625, 1.6875. Then the scale's own bisection between 1 and
        // 1.71875 misses five times and meets at 1 + 0.71875 x 63/64 = 1.70751953125.
        let search = CalibrationSearch(scales: [CalibrationScale(parameter: .portfolioSpotShocks, minimum: 1, maximum: 3)])
        let outcome = search.run(evaluate: evaluate(threshold: 1.7))
        #expect(outcome.met && outcome.factors == [1.70751953125])
        #expect(outcome.trials.map(\.factors[0]) == [3, 1, 2, 1.5, 1.75, 1.625, 1.6875, 1.71875,
                                                      1.359375, 1.5390625, 1.62890625, 1.673828125, 1.6962890625, 1.70751953125])
        #expect(outcome.trials.count <= search.maximumTrials)
        #expect(outcome.bindingPaths == ["crash"])
    }

    @Test func aTargetBeyondTheBoundsShowsTheBestReached() {
        let search = CalibrationSearch(scales: [CalibrationScale(parameter: .crossStandardDeviations, minimum: 1, maximum: 3)])
        let outcome = search.run(evaluate: evaluate(threshold: 3.5))
        #expect(!outcome.met && outcome.factors == [3] && outcome.trials.count == 1)
        #expect(outcome.bindingPaths == ["crash"] && outcome.answer.shortfallBeyondFund == 0.5)
    }

    @Test func minimaThatMeetTheTargetAreTheAnswer() {
        let search = CalibrationSearch(scales: [CalibrationScale(parameter: .isolatedRates, minimum: 0.5, maximum: 2)])
        let outcome = search.run(evaluate: evaluate(threshold: 0.1))
        #expect(outcome.met && outcome.factors == [0.5] && outcome.trials.count == 2 && outcome.bindingPaths.isEmpty)
    }

    @Test func coordinateDescentLowersAScaleThatDoesNotBind() {
        // Met when the first factor reaches 2, whatever the second: the common bisection lifts
        // both, the descent takes the second back to its minimum.
        let search = CalibrationSearch(scales: [CalibrationScale(parameter: .portfolioSpotShocks, minimum: 1, maximum: 3),
                                                CalibrationScale(parameter: .liquidityRates, minimum: 1, maximum: 3)])
        let outcome = search.run(evaluate: evaluate(threshold: 2))
        #expect(outcome.met && outcome.factors == [2, 1])
    }
}
