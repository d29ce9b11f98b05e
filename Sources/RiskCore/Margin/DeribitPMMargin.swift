import Foundation

/// The `deribit-pm` profile: Deribit's portfolio margin as Deribit publishes it
/// (docs/DERIBIT-PM.md marks every piece published, derived from a published example, or a
/// labelled stand-in), in the account's currency (docs/INVERSE.md).
///
///     risk_matrix_margin = round9(worst case) + roll shock + delta shock,  per underlying
///     MM = mm_factor x sum of risk_matrix_margin
///     IM = round9(sum of risk_matrix_margin + MMP + open orders + spot margin)
public struct DeribitPMMargin: Sendable {
    public static let profileName = "deribit-pm"

    public let parameters: DeribitPMParameters
    public let standard: RiskParameters
    public let hash: String
    public let version: String
    private let parameterIssues: [ValidationIssue]

    public init(parameters: DeribitPMParameters = .defaults, standard: RiskParameters = .standardDefaults) {
        self.parameters = parameters
        self.standard = standard
        self.hash = CanonicalForm.hash(parameters)
        self.version = String(hash.prefix(16))
        self.parameterIssues = parameters.validationIssues()
    }

    public func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp) throws(RiskError) -> MarginResult {
        let valued = try portfolio.valuedForScenarios(profile: Self.profileName, parameterIssues: parameterIssues,
                                                      known: Set(parameters.currencyPairs.keys), missing: "currency pair",
                                                      standard: standard, market: market, asOf: asOf)
        // The summary's currency terms: the account's coin, USD's for a USD account (or a coin without terms).
        let terms = parameters.currencies[valued.currency.code] ?? parameters.currencies["USD"]!
        let risks = valued.greeks.keys.sorted().map { underlying in
            risk(of: underlying, valued: valued, pair: parameters.currencyPairs[underlying]!, terms: terms)
        }
        let matrixMargin = risks.reduce(0) { $0 + $1.riskMatrixMargin }
        let addOns = portfolio.marginAddOns
        return MarginResult(mode: .portfolio, valued: valued,
                            initialMargin: Self.rounded(matrixMargin + addOns.total) + valued.currency.amount(valued.collateralInitialAddOn),
                            maintenanceMargin: parameters.mmFactor * matrixMargin,
                            breakdown: .deribitPM(DeribitPMBreakdown(underlyings: risks, mmFactor: parameters.mmFactor, marginAddOns: addOns)),
                            parametersVersion: version)
    }

    /// One underlying's risk matrix, worst case and shocks.
    private func risk(of underlying: String, valued: ValuedPortfolio, pair: DeribitPMParameters.CurrencyPair,
                      terms: DeribitPMParameters.Currency) -> DeribitPMBreakdown.UnderlyingRisk {
        let currency = valued.currency
        let engine = ScenarioEngine(underlying: underlying, valued: valued)
        let spot = valued.spots[underlying]!
        // What the linear part (futures, perpetuals, collateral moving with the underlying, a
        // coin cash of it) is worth today, in USD: the extended table moves it apart.
        var linearValue = valued.positions.reduce(0) { $0 + ($1.instrument.underlying == underlying && !$1.instrument.kind.isOption ? $1.value : 0) }
        linearValue += valued.collateral.reduce(0) { $0 + ($1.movesWith == underlying ? $1.value : 0) }
        if !currency.isQuote, currency.code == underlying { linearValue += valued.cashValue }
        let equity = valued.equity
        func inCurrency(_ pnl: Double, _ move: Double, worth value: Double) -> Double {
            currency.pnl(pnl, spotShock: move, underlying: underlying, equity: value)
        }
        // Losses count in full; profits at pnl_offset, at most max_offsetable_pnl.
        func offset(_ pnl: Double) -> Double { pnl < 0 ? pnl : min(pnl * terms.pnlOffset, terms.maxOffsetablePnl) }

        var scenarios: [DeribitPMBreakdown.ScenarioLoss] = []
        for bucket in -pair.bucketsCount...pair.bucketsCount {
            let move = pair.priceRange * Double(bucket) / Double(pair.bucketsCount)
            for volatility in [DeribitPMBreakdown.VolatilityMove.up, .none, .down] {
                let pnl = inCurrency(engine.pnl(spotShock: move) { shockedVolatility($0, volatility, pair) }, move, worth: equity)
                scenarios.append(.init(spotShock: move, volatility: volatility, extended: false, pnl: pnl, weightedPnl: offset(pnl)))
            }
        }
        // The extended table: options at the move with volatility up, the linear part at the
        // range's edge of the same sign; then the dampener (a stand-in) and the offset.
        let dampener = currency.amount(terms.extendedDampener)
        for move in DeribitPMParameters.extendedMoves {
            let edge = move < 0 ? -pair.priceRange : pair.priceRange
            let options = inCurrency(engine.optionsPnl(spotShock: move) { shockedVolatility($0, .up, pair) }, move, worth: equity - linearValue)
            let linear = inCurrency(engine.linearPnlPerMove * edge, edge, worth: linearValue)
            let pnl = options + linear
            let counted = pnl * pair.extendedTableFactor
            let dampened = counted < 0 ? min(0, counted + dampener) : max(0, counted - dampener)
            scenarios.append(.init(spotShock: move, volatility: .up, extended: true, pnl: pnl, weightedPnl: offset(dampened)))
        }
        let worst = scenarios.indexOfMinimum(\.weightedPnl)
        let loss = Self.rounded(max(0, -scenarios[worst].weightedPnl))
        let deltaShock = currency.amount(deltaShock(netDelta: valued.greeks[underlying]!.delta, spot: spot, pair: pair))
        let rollShock = currency.amount(rollShock(underlying, valued: valued))
        return .init(underlying: underlying, spot: spot, scenarios: scenarios, worstScenario: worst, riskMatrixLoss: loss,
                     deltaShock: deltaShock, rollShock: rollShock, riskMatrixMargin: loss + rollShock + deltaShock)
    }

    /// Up: max(sigma, minVolatilityForShockUp) x (1 + rangeUp x m); down: sigma x max(0, 1 - rangeDown x m);
    /// m = (30 / days to expiry)^power, days floored at 1, the short-term power within 30 days.
    func shockedVolatility(_ option: ScenarioEngine.OptionTerms, _ move: DeribitPMBreakdown.VolatilityMove,
                           _ pair: DeribitPMParameters.CurrencyPair) -> Double {
        let days = max(option.timeToExpiry * 365, 1)
        let power = days <= 30 ? pair.shortTermVegaPower : pair.longTermVegaPower
        let multiplier = pow(30 / days, power)
        switch move {
        case .none: return option.volatility
        case .up: return max(option.volatility, pair.minVolatilityForShockUp) * (1 + pair.volatilityRangeUp * multiplier)
        case .down: return option.volatility * max(0, 1 - pair.volatilityRangeDown * multiplier)
        }
    }

    /// Zero while the net delta is worth less than `delta_total_liq_shock_threshold` USD
    /// (published); beyond it, `max_delta_shock` x the excess (a stand-in: Deribit publishes
    /// no formula). In USD.
    func deltaShock(netDelta: Double, spot: Double, pair: DeribitPMParameters.CurrencyPair) -> Double {
        let exposure = abs(netDelta) * spot
        return exposure <= pair.deltaTotalLiqShockThreshold ? 0 : pair.maxDeltaShock * (exposure - pair.deltaTotalLiqShockThreshold)
    }

    /// Per future and perpetual, |coin size| x max(min_annualised_move, annualised_move_risk x
    /// years to expiry) of its settlement currency, perpetuals included and nothing netted
    /// (the floor reproduces Deribit's examples; the time-scaled branch is a reading); in USD.
    func rollShock(_ underlying: String, valued: ValuedPortfolio) -> Double {
        valued.positions.reduce(0) { total, position in
            guard position.instrument.underlying == underlying, !position.instrument.kind.isOption,
                  let terms = parameters.currency(settling: position.instrument.settlement, underlying: underlying) else { return total }
            let rate = max(terms.minAnnualisedMove, terms.annualisedMoveRisk * (position.timeToExpiry ?? 0))
            return total + abs(position.size) * rate * position.spot
        }
    }

    /// Deribit's 9 decimals, half away from zero.
    static func rounded(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 }
}
