/// What one scenario does to every option, reciprocals included, computed once per scenario.
public struct ScenarioFactors: Sendable {
    /// 1 + spot shock, and its reciprocal.
    @usableFromInline var spot: Double
    @usableFromInline var inverseSpot: Double
    /// ln(1 + spot shock), computed by the caller once per spot shock of a grid.
    @usableFromInline var logSpot: Double
    /// 1 + vol shock, and its reciprocal.
    @usableFromInline var vol: Double
    @usableFromInline var inverseVol: Double

    init(spotShock: Double, logSpotFactor: Double, volShock: Double) {
        spot = 1 + spotShock
        inverseSpot = 1 / spot
        logSpot = logSpotFactor
        vol = 1 + volShock
        inverseVol = 1 / vol
    }
}
