import Foundation

extension Black76 {
    /// The volatility at which Black-76 prices the option at `price` (per unit, in the quote
    /// currency on the forward), found by bisection: the price rises with volatility. Nil when
    /// no volatility up to 1,000 (100,000%) gives it: at or below the discounted intrinsic
    /// value, at or above the discounted forward (call) or strike (put), or expired.
    public static func impliedVolatility(kind: InstrumentKind, forward: Double, strike: Double,
                                         timeToExpiry: Double, rate: Double, price: Double) -> Double? {
        guard timeToExpiry > 0, price.isFinite else { return nil }
        func priced(_ volatility: Double) -> Double {
            Black76.price(kind: kind, forward: forward, strike: strike, timeToExpiry: timeToExpiry, volatility: volatility, rate: rate)
        }
        let bound = exp(-rate * timeToExpiry) * (kind == .call ? forward : strike)
        guard price > priced(0), price < bound else { return nil }
        var low = 0.0
        var high = 1.0
        while priced(high) < price {
            low = high
            high *= 2
            if high > 1_000 { return nil }
        }
        // Halve until the bracket is two neighbouring doubles.
        while true {
            let middle = low + (high - low) / 2
            guard middle > low, middle < high else { break }
            if priced(middle) < price { low = middle } else { high = middle }
        }
        return high
    }
}
