/// What a scenario does to every option, reciprocals included, computed once per scenario:
/// one scenario in every lane to price eight options at once, or eight scenarios, one per
/// lane, to price one option (broadcast to every lane) under all of them. A lane's bits are
/// the same either way: every operation is lane by lane.
public struct ScenarioFactors: Sendable {
    public typealias Lanes = SIMD8<Double>

    /// 1 + spot shock, and its reciprocal.
    @usableFromInline var spot: Lanes
    @usableFromInline var inverseSpot: Lanes
    /// ln(1 + spot shock), computed by the caller once per spot shock of a grid.
    @usableFromInline var logSpot: Lanes
    /// 1 + vol shock, and its reciprocal.
    @usableFromInline var vol: Lanes
    @usableFromInline var inverseVol: Lanes

    /// One scenario in every lane.
    init(spotShock: Double, logSpotFactor: Double, volShock: Double) {
        self.init(spotShocks: Lanes(repeating: spotShock), logSpotFactors: Lanes(repeating: logSpotFactor),
                  volShocks: Lanes(repeating: volShock))
    }

    /// Eight scenarios, one per lane.
    init(spotShocks: Lanes, logSpotFactors: Lanes, volShocks: Lanes) {
        spot = 1 + spotShocks
        inverseSpot = 1 / spot
        logSpot = logSpotFactors
        vol = 1 + volShocks
        inverseVol = 1 / vol
    }
}
