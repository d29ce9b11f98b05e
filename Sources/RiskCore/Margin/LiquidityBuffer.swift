/// The expected cost of unwinding positions (docs/METHODOLOGY.md, "Liquidity buffer"):
///
///     sum over positions of |q| S rate (1 + sqrt(|q| S / depth))
///
/// a base spread plus square-root market impact, options and futures at their own rates.
enum LiquidityBuffer {
    static func perUnderlying(_ positions: [PositionValuation], parameters: RiskParameters) -> [String: Double] {
        // Positions come grouped by few underlyings: look each one's parameters up once.
        var underlyings: [(name: String, liquidity: LiquidityParameters, buffer: Double)] = []
        for position in positions {
            let underlying = position.instrument.underlying
            let slot: Int
            if let found = underlyings.firstIndex(where: { $0.name == underlying }) {
                slot = found
            } else {
                underlyings.append((underlying, parameters.underlyings[underlying]!.liquidity, 0))
                slot = underlyings.count - 1
            }
            let liquidity = underlyings[slot].liquidity
            let notional = abs(position.size) * position.spot
            let rate = position.instrument.kind.isOption ? liquidity.optionsRate : liquidity.futuresRate
            underlyings[slot].buffer += notional * rate * (1 + (notional / liquidity.marketDepth).squareRoot())
        }
        return Dictionary(uniqueKeysWithValues: underlyings.map { ($0.name, $0.buffer) })
    }
}
