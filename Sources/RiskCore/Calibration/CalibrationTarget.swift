/// What a calibrated parameter set must achieve on the stress paths (docs/CALIBRATION.md).
public struct CalibrationTarget: Hashable, Sendable {
    /// A path meets the target when its shortfall beyond the insurance fund (the fund plus the
    /// path's penalties) is at most this.
    public var maximumShortfallBeyondFund: Double
    /// The insurance fund balance assumed at every path's start.
    public var insuranceFund: Double
    /// The share of seeded paths that must meet it; every historical path always must.
    public var seededPathShare: Double

    public init(maximumShortfallBeyondFund: Double = 0, insuranceFund: Double, seededPathShare: Double = 0.99) {
        self.maximumShortfallBeyondFund = maximumShortfallBeyondFund
        self.insuranceFund = insuranceFund
        self.seededPathShare = seededPathShare
    }

    /// The paths that miss the target, in the order given, and whether the set meets it.
    public func check(_ outcomes: [(path: StressPath, seeded: Bool, outcome: PathOutcome)]) -> (met: Bool, failing: [String]) {
        let failing = outcomes.filter { $0.outcome.shortfallBeyond(fund: insuranceFund) > maximumShortfallBeyondFund }
        let seeded = outcomes.filter(\.seeded).count
        let seededFailing = failing.filter(\.seeded).count
        let historicalMet = !failing.contains { !$0.seeded }
        // Compared in counts, so 0.99 of 100 paths allows exactly one miss.
        let seededMet = Double(seeded - seededFailing) >= (seededPathShare * Double(seeded) - 1e-9)
        return (historicalMet && seededMet, failing.map(\.path.name))
    }
}
