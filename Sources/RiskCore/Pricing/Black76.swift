import Foundation

/// Black-76: a European option on the forward F, discounted at exp(-r T).
///
/// docs/METHODOLOGY.md, "Pricing". Matches QuantLib's BlackCalculator on the
/// reference vectors; in the far tails it is more accurate, because puts use
/// N(-d) directly where QuantLib computes N(d) - 1.
public enum Black76 {
    /// Below this standard deviation the option is priced at its discounted intrinsic value.
    @usableFromInline static let minimumStandardDeviation = Double.ulpOfOne

    /// Price only, for scenario revaluation (no Greeks).
    @inlinable
    public static func price(kind: InstrumentKind, forward: Double, strike: Double,
                             timeToExpiry: Double, volatility: Double, rate: Double) -> Double {
        if timeToExpiry <= 0 {
            return intrinsic(kind: kind, forward: forward, strike: strike)
        }
        let discount = exp(-rate * timeToExpiry)
        let standardDeviation = volatility * timeToExpiry.squareRoot()
        if standardDeviation < minimumStandardDeviation {
            return discount * intrinsic(kind: kind, forward: forward, strike: strike)
        }
        let d1 = log(forward / strike) / standardDeviation + 0.5 * standardDeviation
        let d2 = d1 - standardDeviation
        if kind == .call {
            return discount * (forward * NormalDistribution.cdf(d1) - strike * NormalDistribution.cdf(d2))
        } else {
            return discount * (strike * NormalDistribution.cdf(-d2) - forward * NormalDistribution.cdf(-d1))
        }
    }

    @inlinable
    static func intrinsic(kind: InstrumentKind, forward: Double, strike: Double) -> Double {
        kind == .call ? max(forward - strike, 0) : max(strike - forward, 0)
    }

    /// Price and Greeks per unit.
    ///
    /// - Parameters:
    ///   - spot: the spot the forward belongs to; delta and gamma are taken against it.
    ///   - timeToExpiry: years of 365 days; zero or negative means expired but unsettled,
    ///     valued at intrinsic value on the forward with no discounting and no time value.
    public static func valuation(kind: InstrumentKind, spot: Double, forward: Double, strike: Double,
                                 timeToExpiry: Double, volatility: Double, rate: Double) -> OptionValuation {
        precondition(kind.isOption, "Black-76 values calls and puts")
        let forwardPerSpot = forward / spot
        let sign: Double = kind == .call ? 1 : -1
        if timeToExpiry <= 0 {
            let inTheMoney = sign * (forward - strike) > 0
            return OptionValuation(price: intrinsic(kind: kind, forward: forward, strike: strike),
                                   delta: inTheMoney ? sign * forwardPerSpot : 0, gamma: 0, vega: 0, theta: 0)
        }
        let discount = exp(-rate * timeToExpiry)
        let standardDeviation = volatility * timeToExpiry.squareRoot()
        let price: Double
        let delta: Double
        var gamma = 0.0
        var vega = 0.0
        if standardDeviation < minimumStandardDeviation {
            let intrinsicValue = intrinsic(kind: kind, forward: forward, strike: strike)
            price = discount * intrinsicValue
            if forward == strike {
                // At the money with no volatility the forward delta is 1/2 (QuantLib's limit).
                delta = sign * 0.5 * discount * forwardPerSpot
            } else {
                delta = intrinsicValue > 0 ? sign * discount * forwardPerSpot : 0
            }
        } else {
            let d1 = log(forward / strike) / standardDeviation + 0.5 * standardDeviation
            let d2 = d1 - standardDeviation
            // N(sign d1) and N(sign d2): the in-the-money probabilities of each leg, without cancellation.
            let nd1 = NormalDistribution.cdf(sign * d1)
            let nd2 = NormalDistribution.cdf(sign * d2)
            price = discount * sign * (forward * nd1 - strike * nd2)
            delta = discount * sign * nd1 * forwardPerSpot
            let density = NormalDistribution.pdf(d1)
            gamma = discount * density / (forward * standardDeviation) * forwardPerSpot * forwardPerSpot
            vega = discount * forward * density * timeToExpiry.squareRoot()
        }
        // Theta as QuantLib defines it: -dV/dT with spot fixed and the implied carry ln(F/S)/T constant.
        let theta = -(log(discount) * price + log(forwardPerSpot) * spot * delta
            + 0.5 * volatility * volatility * timeToExpiry * spot * spot * gamma) / timeToExpiry
        return OptionValuation(price: price, delta: delta, gamma: gamma, vega: vega, theta: theta)
    }
}
