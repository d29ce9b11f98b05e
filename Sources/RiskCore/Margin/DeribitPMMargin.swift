import Foundation

/// The `deribit-pm` profile: Deribit's portfolio margin in linear (USD) form (docs/DERIBIT-PM.md).
///
/// Per underlying, a risk matrix of spot moves from -range to +range in buckets, each with
/// volatility up, unchanged and down, the shock scaled by (30 / days to expiry)^power; an
/// extended table of larger moves with volatility up, dampened; plus a delta shock and a
/// roll shock. IM = the risk-matrix margin, MM = mmFactor x IM.
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
                                                      known: Set(parameters.underlyings.keys), missing: "price range",
                                                      standard: standard, market: market, asOf: asOf)
        let currency = valued.currency
        let equity = valued.equity
        var risks: [DeribitPMBreakdown.UnderlyingRisk] = []
        for underlying in valued.greeks.keys.sorted() {
            func inCurrency(_ pnl: Double, _ move: Double) -> Double { currency.pnl(pnl, spotShock: move, underlying: underlying, equity: equity) }
            let terms = parameters.underlyings[underlying]!
            let engine = ScenarioEngine(underlying: underlying, valued: valued)
            var scenarios: [DeribitPMBreakdown.ScenarioLoss] = []
            for bucket in -terms.bucketsPerSide...terms.bucketsPerSide {
                let move = terms.priceRange * Double(bucket) / Double(terms.bucketsPerSide)
                for volatility in [DeribitPMBreakdown.VolatilityMove.up, .same, .down] {
                    let pnl = inCurrency(engine.pnl(spotShock: move) { shockedVolatility($0, volatility, terms) }, move)
                    scenarios.append(.init(spotShock: move, volatility: volatility, extended: false, weight: 1, pnl: pnl, weightedPnl: pnl))
                }
            }
            for move in terms.extendedMoves {
                let pnl = inCurrency(engine.pnl(spotShock: move) { shockedVolatility($0, .up, terms) }, move)
                let weight = min(1, terms.priceRange / abs(move))
                scenarios.append(.init(spotShock: move, volatility: .up, extended: true, weight: weight, pnl: pnl, weightedPnl: pnl * weight))
            }
            let worst = scenarios.indexOfMinimum(\.weightedPnl)
            let loss = max(0, -scenarios[worst].weightedPnl)
            let spot = valued.spots[underlying]!
            let deltaShock = currency.amount(abs(valued.greeks[underlying]!.delta) * spot * terms.deltaShockRate)
            let rollShock = currency.amount(rollShock(underlying, valued: valued, rate: terms.rollShockAnnualRate))
            risks.append(.init(underlying: underlying, spot: spot, scenarios: scenarios, worstScenario: worst, riskMatrixLoss: loss,
                               deltaShock: deltaShock, rollShock: rollShock, riskMatrixMargin: loss + deltaShock + rollShock))
        }
        let initial = risks.reduce(0) { $0 + $1.riskMatrixMargin }
        return MarginResult(mode: .portfolio, valued: valued, initialMargin: initial + currency.amount(valued.collateralInitialAddOn),
                            maintenanceMargin: initial * parameters.mmFactor,
                            breakdown: .deribitPM(DeribitPMBreakdown(underlyings: risks, mmFactor: parameters.mmFactor)),
                            parametersVersion: version)
    }

    /// Up: max(sigma, minVolatilityForShockUp) x (1 + rangeUp x m); down: sigma x max(0, 1 - rangeDown x m);
    /// m = (30 / days to expiry)^power, days floored at 1, the short-term power within 30 days.
    func shockedVolatility(_ option: ScenarioEngine.OptionTerms, _ move: DeribitPMBreakdown.VolatilityMove,
                           _ terms: DeribitPMParameters.Underlying) -> Double {
        let days = max(option.timeToExpiry * 365, 1)
        let power = days <= 30 ? terms.shortTermVegaPower : terms.longTermVegaPower
        let multiplier = pow(30 / days, power)
        switch move {
        case .same: return option.volatility
        case .up: return max(option.volatility, terms.minVolatilityForShockUp) * (1 + terms.volatilityRangeUp * multiplier)
        case .down: return option.volatility * max(0, 1 - terms.volatilityRangeDown * multiplier)
        }
    }

    /// Per expiry, |net delta of its dated futures and options| x forward x annual rate x max(years, 1 day).
    private func rollShock(_ underlying: String, valued: ValuedPortfolio, rate: Double) -> Double {
        var byExpiry: [Timestamp: (delta: Double, forward: Double, years: Double)] = [:]
        for position in valued.positions where position.instrument.underlying == underlying {
            guard let expiry = position.instrument.expiry else { continue }
            byExpiry[expiry, default: (0, position.forward, position.timeToExpiry ?? 0)].delta += position.delta
        }
        return byExpiry.values.reduce(0) { total, entry in
            total + abs(entry.delta) * entry.forward * rate * max(entry.years, 1 / 365)
        }
    }
}
