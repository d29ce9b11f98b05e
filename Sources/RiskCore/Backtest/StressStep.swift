/// One point of a stress path, relative to its start. A historical shape moves every
/// underlying alike (`spotFactor`, `volFactor`); a correlated seeded path gives each
/// underlying its own move in `underlyings`.
public struct StressStep: Hashable, Sendable {
    /// The move of every underlying without an entry in `underlyings`.
    public var spotFactor: Double
    public var volFactor: Double
    public var underlyings: [String: StressMove]

    public init(spotFactor: Double, volFactor: Double, underlyings: [String: StressMove] = [:]) {
        self.spotFactor = spotFactor
        self.volFactor = volFactor
        self.underlyings = underlyings
    }

    public func move(of underlying: String) -> StressMove {
        underlyings[underlying] ?? StressMove(spotFactor: spotFactor, volFactor: volFactor)
    }
}
