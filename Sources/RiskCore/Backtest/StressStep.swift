/// One point of a stress path, relative to its start: every underlying's spot (and its
/// forwards and perpetual) times `spotFactor`, every volatility times `volFactor`.
public struct StressStep: Hashable, Sendable {
    public var spotFactor: Double
    public var volFactor: Double

    public init(spotFactor: Double, volFactor: Double) {
        self.spotFactor = spotFactor
        self.volFactor = volFactor
    }
}
