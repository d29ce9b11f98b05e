/// How far one underlying has moved at a step of a stress path, relative to the path's start.
public struct StressMove: Hashable, Sendable {
    /// Spot, perpetual and forwards x this.
    public var spotFactor: Double
    /// Mark and ATM implied volatilities x this.
    public var volFactor: Double

    public init(spotFactor: Double, volFactor: Double) {
        self.spotFactor = spotFactor
        self.volFactor = volFactor
    }

    public static let none = StressMove(spotFactor: 1, volFactor: 1)
}
