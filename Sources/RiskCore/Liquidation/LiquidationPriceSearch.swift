import Foundation

/// Finds liquidation prices: moves one underlying (spot, perpetual and forwards together)
/// along a log-spaced scan until the account is liquidatable (equity < maintenance margin),
/// then bisects the crossing. A scan, not a root finder on the ratio: option books can turn
/// liquidatable on both sides, or only far out.
public struct LiquidationPriceSearch: Sendable {
    /// How far the search goes: down to spot x (1 - maximumFall), up to spot x (1 + maximumRise).
    public var maximumFall: Double = 0.95
    public var maximumRise: Double = 4
    /// Scan points each side, then bisection steps on the first crossing.
    public var scanPoints: Int = 48
    public var bisections: Int = 40

    public init() {}

    public func levels(underlying: String, market: MarketData,
                       isLiquidatable: (MarketData) throws -> Bool) rethrows -> LiquidationLevels? {
        guard let spot = market[underlying]?.spot else { return nil }
        func crossing(toward bound: Double) throws -> Double? {
            let end = log(bound)
            var previous = 0.0
            for point in 1...scanPoints {
                let x = end * Double(point) / Double(scanPoints)
                if try isLiquidatable(market.shifting(underlying, by: exp(x))) {
                    var safe = previous
                    var unsafe = x
                    for _ in 0..<bisections {
                        let middle = (safe + unsafe) / 2
                        if try isLiquidatable(market.shifting(underlying, by: exp(middle))) { unsafe = middle } else { safe = middle }
                    }
                    return spot * exp(unsafe)
                }
                previous = x
            }
            return nil
        }
        return LiquidationLevels(underlying: underlying, spot: spot,
                                 below: try crossing(toward: 1 - maximumFall), above: try crossing(toward: 1 + maximumRise))
    }
}
