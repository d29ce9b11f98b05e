/// The expected cost of unwinding positions (docs/METHODOLOGY.md, "Liquidity buffer"):
///
///     sum over positions of |q| S rate (1 + sqrt(|q| S / depth))
///
/// a base spread plus square-root market impact, options and futures at their own rates.
enum LiquidityBuffer {
    static func perUnderlying(_ positions: [PositionValuation], parameters: RiskParameters) -> [String: Double] {
        var buffers: [String: Double] = [:]
        for position in positions {
            let underlying = position.instrument.underlying
            let liquidity = parameters.underlyings[underlying]!.liquidity
            let notional = abs(position.size) * position.spot
            let rate = position.instrument.kind.isOption ? liquidity.optionsRate : liquidity.futuresRate
            buffers[underlying, default: 0] += notional * rate * (1 + (notional / liquidity.marketDepth).squareRoot())
        }
        return buffers
    }
}
