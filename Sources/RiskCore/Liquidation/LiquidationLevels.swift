/// The spot levels of one underlying at which an account becomes liquidatable, everything
/// else held: the nearest below and above today's spot, nil when none within the search range.
public struct LiquidationLevels: Hashable, Sendable {
    public var underlying: String
    public var spot: Double
    public var below: Double?
    public var above: Double?
}
