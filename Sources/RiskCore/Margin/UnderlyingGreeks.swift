/// Net Greeks of the positions on one underlying (size x per-unit Greeks; futures and perpetuals delta 1).
public struct UnderlyingGreeks: Hashable, Sendable {
    public var delta: Double = 0
    public var gamma: Double = 0
    public var vega: Double = 0
    public var theta: Double = 0

    public init(delta: Double = 0, gamma: Double = 0, vega: Double = 0, theta: Double = 0) {
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
    }
}
