import Foundation

extension DeriveSRMMargin {
    /// One option as SRM sees it: size, kind, strike and its undiscounted price.
    struct Option {
        var size: Double
        var isCall: Bool
        var strike: Double
        var price: Double

        var markToMarket: Double { size * price }

        func intrinsic(at settlement: Double) -> Double {
            isCall ? max(settlement - strike, 0) : max(strike - settlement, 0)
        }
    }

    /// Black-76 on the forward without discounting, as Derive writes it: with `m = K / F` and
    /// `v = vol x sqrt(seconds / year)`, `call = F max(N(d1) - m N(d1 - v), 0)`, `d1 = -ln(m) / v + v / 2`,
    /// and the put from parity. At `v = 0` both are intrinsic; at `v >= 24` the call is worth F.
    static func price(isCall: Bool, forward: Double, strike: Double, volatility: Double, seconds: Double) -> Double {
        let v = volatility * (seconds / secondsPerYear).squareRoot()
        let m = strike / forward
        let call: Double
        if strike == 0 || v >= 24 {
            call = forward
        } else if v == 0 {
            call = max(forward - strike, 0)
        } else {
            let d1 = -log(m) / v + v / 2
            call = forward * max(NormalDistribution.cdf(d1) - m * NormalDistribution.cdf(d1 - v), 0)
        }
        return isCall ? call : forward * max(call / forward + m - 1, 0)
    }

    /// An expiry's option margin: the better (higher) of the short options' isolated margins
    /// and the book's maximum loss at settlement, for MM and IM apart.
    func expiryMargin(_ options: [Option], expiry: Timestamp, forward: Double, spot: Double,
                      option p: DeriveSRMParameters.OptionMarginParams) -> DeriveSRMBreakdown.Expiry {
        var isolatedMaintenance = 0.0, isolatedInitial = 0.0
        for option in options where option.size < 0 {
            let q = option.size, mtm = option.markToMarket
            let otm = (option.isCall ? max(option.strike - spot, 0) : max(spot - option.strike, 0)) / spot
            let rate = max(p.maxSpotReq - otm, p.minSpotReq)
            if option.isCall {
                isolatedMaintenance += mtm + p.mmCallSpotReq * spot * q
                isolatedInitial += mtm + rate * spot * q
            } else {
                let maintenance = mtm + min(p.mmPutSpotReq * spot * q, p.MMPutMtMReq * mtm)
                isolatedMaintenance += maintenance
                isolatedInitial += min(mtm + rate * spot * q, p.mmOffsetScale * maintenance)
            }
        }
        // The payoff is piecewise linear with kinks at the strikes: its minimum is at 0 or a strike,
        // unless net short calls keep losing above the highest strike (the unpaired term).
        var lowest = 0.0
        var lowestPrice: Double?
        for settlement in [0] + options.map(\.strike) {
            let payoff = options.reduce(0) { $0 + $1.size * $1.intrinsic(at: settlement) }
            if payoff < lowest {
                lowest = payoff
                lowestPrice = settlement
            }
        }
        let netCalls = options.filter(\.isCall).reduce(0) { $0 + $1.size }
        let unpairedMaintenance = netCalls < 0 ? p.unpairedMMScale * forward * netCalls : 0
        let unpairedInitial = netCalls < 0 ? p.unpairedIMScale * forward * netCalls : 0
        let maxLossMaintenance = lowest + unpairedMaintenance
        let maxLossInitial = lowest + unpairedInitial
        return DeriveSRMBreakdown.Expiry(
            expiry: expiry, forward: forward, isolatedMaintenance: isolatedMaintenance, isolatedInitial: isolatedInitial,
            maxLossMaintenance: maxLossMaintenance, maxLossInitial: maxLossInitial, maxLossPrice: lowestPrice, netCalls: netCalls,
            unpairedMaintenance: unpairedMaintenance, unpairedInitial: unpairedInitial,
            maintenance: max(isolatedMaintenance, maxLossMaintenance), initial: max(isolatedInitial, maxLossInitial), confidenceCharge: 0)
    }

    /// `(1 - c) x OCFactor x notional` when the threshold is set and the confidence below it.
    static func confidenceCharge(_ confidence: Double, threshold: Double, factor: Double, notional: Double) -> Double {
        threshold != 0 && confidence < threshold ? (1 - confidence) * factor * notional : 0
    }

    /// The option's valuation for the answer: SRM's price, the Greeks of undiscounted Black-76.
    func valuation(_ position: Position, _ option: Option, spot: Double, forward: Double, volatility: Double,
                   seconds: Double) -> PositionValuation {
        let years = seconds / Self.secondsPerYear
        let unit = Black76.valuation(kind: position.instrument.kind, spot: spot, forward: forward, strike: option.strike,
                                     timeToExpiry: years, volatility: volatility, rate: 0)
        return PositionValuation(instrument: position.instrument, size: position.size, markPrice: option.price, value: option.markToMarket,
                                 delta: position.size * unit.delta, gamma: position.size * unit.gamma, vega: position.size * unit.vega,
                                 theta: position.size * unit.theta, spot: spot, forward: forward, rate: 0, volatility: volatility,
                                 timeToExpiry: years)
    }
}
