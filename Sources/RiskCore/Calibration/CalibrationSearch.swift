/// The stated, deterministic search of a calibration (docs/CALIBRATION.md, "The search").
/// Margin rises with every scale, so the shortfall falls with it:
/// 1. every scale at its maximum: if that misses the target, the answer is that it cannot be
///    met, with this best reached; every scale at its minimum: if that meets it, that is the answer;
/// 2. bisection on one common position t in [0, 1] between the minima and the maxima
///    (`bisectionSteps` halvings), keeping the lowest t that meets the target;
/// 3. coordinate descent: each scale in the order given, the others held, lowered by the same
///    bisection between its minimum and its value, for `sweeps` passes.
public struct CalibrationSearch: Sendable {
    public var scales: [CalibrationScale]
    public var bisectionSteps: Int
    public var sweeps: Int

    public init(scales: [CalibrationScale], bisectionSteps: Int = 6, sweeps: Int = 1) {
        self.scales = scales
        self.bisectionSteps = bisectionSteps
        self.sweeps = sweeps
    }

    /// The most backtests the search can run (for progress).
    public var maximumTrials: Int { 2 + bisectionSteps + sweeps * scales.count * (1 + bisectionSteps) }

    /// - Parameter evaluate: backtests one set of factors (one per scale, in order); an error
    ///   it throws (a cancellation) ends the search.
    public func run(evaluate: ([Double]) throws -> CalibrationTrial) rethrows -> CalibrationOutcome {
        var trials: [CalibrationTrial] = []
        var seen: [[Double]: CalibrationTrial] = [:]
        var lastFailing: CalibrationTrial?
        func trial(_ factors: [Double]) throws -> CalibrationTrial {
            if let known = seen[factors] { return known }
            let result = try evaluate(factors)
            seen[factors] = result
            trials.append(result)
            if !result.met { lastFailing = result }
            return result
        }
        func outcome(_ answer: CalibrationTrial) -> CalibrationOutcome {
            CalibrationOutcome(met: answer.met, factors: answer.factors, answer: answer,
                               bindingPaths: answer.met ? lastFailing?.failingPaths ?? [] : answer.failingPaths, trials: trials)
        }
        func common(_ t: Double) -> [Double] { scales.map { $0.minimum + t * ($0.maximum - $0.minimum) } }

        let top = try trial(common(1))
        guard top.met else { return outcome(top) }
        let bottom = try trial(common(0))
        if bottom.met { return outcome(bottom) }

        // Invariant: `low` misses the target, `high` meets it.
        func bisect(_ low: Double, _ high: Double, _ factors: (Double) -> [Double]) throws -> CalibrationTrial {
            var (low, high) = (low, high)
            var best = try trial(factors(high))
            for _ in 0..<bisectionSteps {
                let middle = (low + high) / 2
                let tried = try trial(factors(middle))
                if tried.met {
                    high = middle
                    best = tried
                } else {
                    low = middle
                }
            }
            return best
        }
        var answer = try bisect(0, 1, common)
        for _ in 0..<sweeps {
            for index in scales.indices where answer.factors[index] > scales[index].minimum {
                func with(_ value: Double) -> [Double] {
                    var factors = answer.factors
                    factors[index] = value
                    return factors
                }
                let lowest = try trial(with(scales[index].minimum))
                answer = lowest.met ? lowest : try bisect(scales[index].minimum, answer.factors[index], with)
            }
        }
        return outcome(answer)
    }
}
