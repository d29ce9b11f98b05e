/// The `span16` profile: CME SPAN-style scan risk per underlying (docs/SPAN16.md).
///
///     scan risk_u = max(0, -min over the 16 scenarios of weight x P&L)
///     SOM_u       = short options (not netted) x S_u x shortOptionMinimumRate
///     MM = sum of max(scan risk_u, SOM_u);   IM = MM x initialMarginFactor
///
/// Equity and collateral haircuts are the standard profile's; collateral that tracks an
/// underlying moves in its scenarios, as in portfolio mode.
public struct Span16Margin: Sendable {
    public static let profileName = "span16"

    public let parameters: Span16Parameters
    public let standard: RiskParameters
    public let hash: String
    public let version: String
    private let parameterIssues: [ValidationIssue]
    /// Prices the scenario engine's vector path; the figures are the same from every kernel.
    public let kernel: ScenarioKernel

    public init(parameters: Span16Parameters = .defaults, standard: RiskParameters = .standardDefaults,
                kernel: ScenarioKernel = .baseline) {
        self.parameters = parameters
        self.kernel = kernel
        self.standard = standard
        self.hash = CanonicalForm.hash(parameters)
        self.version = String(hash.prefix(16))
        self.parameterIssues = parameters.validationIssues()
    }

    public func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp) throws(RiskError) -> MarginResult {
        let valued = try portfolio.valuedForScenarios(profile: Self.profileName, parameterIssues: parameterIssues,
                                                      known: Set(parameters.underlyings.keys), missing: "scan ranges",
                                                      standard: standard, market: market, asOf: asOf)
        let currency = valued.currency
        var underlyings: [ScenarioUnderlyingBreakdown] = []
        for underlying in valued.greeks.keys.sorted() {
            let terms = parameters.underlyings[underlying]!
            let spot = valued.spots[underlying]!
            let results = currency.results(ScenarioEngine(underlying: underlying, valued: valued, kernel: kernel).results(parameters.grid(terms)),
                                           underlying: underlying, equity: valued.equity)
            let worst = results.indexOfMinimum(\.weightedPnl)
            let scanRisk = max(0, -results[worst].weightedPnl)
            let shortOptions = valued.positions.reduce(0.0) { total, position in
                position.instrument.underlying == underlying && position.instrument.kind.isOption && position.size < 0
                    ? total - position.size : total
            }
            let minimum = currency.amount(shortOptions * spot * terms.shortOptionMinimumRate)
            underlyings.append(ScenarioUnderlyingBreakdown(
                underlying: underlying, spot: spot, scenarios: results, worstScenario: worst, scanLoss: scanRisk,
                nakedShortSize: shortOptions, shortOptionMinimum: minimum, liquidityBuffer: 0, requirement: max(scanRisk, minimum)))
        }
        let maintenance = underlyings.reduce(0) { $0 + $1.requirement }
        return MarginResult(mode: .portfolio, valued: valued,
                            initialMargin: maintenance * parameters.initialMarginFactor + currency.amount(valued.collateralInitialAddOn),
                            maintenanceMargin: maintenance,
                            breakdown: .portfolio(PortfolioBreakdown(underlyings: underlyings, liquidityBuffer: 0)),
                            parametersVersion: version)
    }
}
