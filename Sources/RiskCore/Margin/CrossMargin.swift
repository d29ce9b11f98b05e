/// Cross margin: account-wide Greeks netted per underlying u (docs/METHODOLOGY.md, "Cross").
///
///     m_u   = k sigma_u sqrt(h / 365)
///     delta = |Delta_u| S_u m_u
///     gamma = max(0, -1/2 Gamma_u (S_u m_u)^2)
///     vega  = max(0, -sum q vega sigma volUp, sum q vega sigma volDown)
///     MM    = sum_u (delta + gamma + vega) + liquidity buffer;  IM = MM x imFactor
public struct CrossMargin: Sendable {
    public var parameters: RiskParameters
    /// The parameter set's version, computed once by the caller (hashing it per result is costly).
    public var parametersVersion: String

    public init(parameters: RiskParameters, parametersVersion: String? = nil) {
        self.parameters = parameters
        self.parametersVersion = parametersVersion ?? parameters.version
    }

    public func margin(_ valued: ValuedPortfolio) -> MarginResult {
        let liquidity = LiquidityBuffer.perUnderlying(valued.positions, parameters: parameters)
        // Charges in USD, converted at the account currency's index (docs/INVERSE.md).
        let currency = valued.currency
        var underlyings: [CrossUnderlyingBreakdown] = []
        for underlying in valued.greeks.keys.sorted() {
            let cross = parameters.underlyings[underlying]!.cross
            let net = valued.greeks[underlying]!
            let spot = valued.spots[underlying]!
            let volatility = valued.atmVolatilities[underlying]!
            let move = cross.standardDeviations * volatility * (cross.liquidationHorizonDays / 365).squareRoot()
            let spotMove = spot * move
            var vegaUpLoss = 0.0
            var vegaDownLoss = 0.0
            for position in valued.positions where position.instrument.underlying == underlying {
                guard let sigma = position.volatility else { continue }
                vegaUpLoss -= position.vega * sigma * cross.volShockUp
                vegaDownLoss += position.vega * sigma * cross.volShockDown
            }
            let deltaRequirement = currency.amount(abs(net.delta) * spotMove)
            let gammaCharge = currency.amount(max(0, -0.5 * net.gamma * spotMove * spotMove))
            let vegaBuffer = currency.amount(max(0, vegaUpLoss, vegaDownLoss))
            underlyings.append(CrossUnderlyingBreakdown(
                underlying: underlying, spot: spot, volatility: volatility,
                volatilitySource: valued.atmVolatilitySources[underlying] ?? "market", move: move,
                delta: net.delta, gamma: net.gamma, deltaRequirement: deltaRequirement, gammaCharge: gammaCharge,
                vegaBuffer: vegaBuffer, liquidityBuffer: currency.amount(liquidity[underlying] ?? 0),
                requirement: deltaRequirement + gammaCharge + vegaBuffer))
        }
        let liquidityBuffer = underlyings.reduce(0) { $0 + $1.liquidityBuffer }
        let maintenance = underlyings.reduce(0) { $0 + $1.requirement } + liquidityBuffer
        return MarginResult(mode: .cross, valued: valued,
                            initialMargin: maintenance * parameters.initialMarginFactor + currency.amount(valued.collateralInitialAddOn),
                            maintenanceMargin: maintenance,
                            breakdown: .cross(CrossBreakdown(underlyings: underlyings, liquidityBuffer: liquidityBuffer)),
                            parametersVersion: parametersVersion)
    }
}
