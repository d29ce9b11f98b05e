/// Portfolio (scenario) margin per underlying u (docs/METHODOLOGY.md, "Portfolio"):
///
///     scan loss_u   = max(0, -min over scenarios of weight x P&L)
///     requirement_u = max(scan loss_u, naked short options x S_u x rate)
///     MM = sum_u requirement_u + liquidity buffer;  IM = MM x imFactor
public struct PortfolioMargin: Sendable {
    public var parameters: RiskParameters
    /// A grid for every underlying instead of each one's parameters (the scenarios endpoint's `grid`).
    public var gridOverride: ScenarioGrid?
    /// The parameter set's version, computed once by the caller (hashing it per result is costly).
    public var parametersVersion: String
    public var kernel: ScenarioKernel

    public init(parameters: RiskParameters, gridOverride: ScenarioGrid? = nil, parametersVersion: String? = nil,
                kernel: ScenarioKernel = .baseline) {
        self.parameters = parameters
        self.kernel = kernel
        self.gridOverride = gridOverride
        self.parametersVersion = parametersVersion ?? parameters.version
    }

    public func grid(for underlying: String) -> ScenarioGrid {
        gridOverride ?? parameters.underlyings[underlying]!.portfolio.grid
    }

    public func margin(_ valued: ValuedPortfolio) -> MarginResult {
        let liquidity = LiquidityBuffer.perUnderlying(valued.positions, parameters: parameters)
        let currency = valued.currency
        let equity = valued.equity
        var underlyings: [ScenarioUnderlyingBreakdown] = []
        for underlying in valued.greeks.keys.sorted() {
            let spot = valued.spots[underlying]!
            let results = currency.results(ScenarioEngine(underlying: underlying, valued: valued, kernel: kernel).results(grid(for: underlying)),
                                           underlying: underlying, equity: equity)
            let worst = results.indexOfMinimum(\.weightedPnl)
            let scanLoss = max(0, -(results.isEmpty ? 0 : results[worst].weightedPnl))
            let naked = nakedShortSize(valued.positions, of: underlying)
            let minimum = currency.amount(naked * spot * parameters.underlyings[underlying]!.portfolio.shortOptionMinimumRate)
            underlyings.append(ScenarioUnderlyingBreakdown(
                underlying: underlying, spot: spot, scenarios: results, worstScenario: worst, scanLoss: scanLoss,
                nakedShortSize: naked, shortOptionMinimum: minimum, liquidityBuffer: currency.amount(liquidity[underlying] ?? 0),
                requirement: max(scanLoss, minimum)))
        }
        let liquidityBuffer = underlyings.reduce(0) { $0 + $1.liquidityBuffer }
        let maintenance = underlyings.reduce(0) { $0 + $1.requirement } + liquidityBuffer
        return MarginResult(mode: .portfolio, valued: valued,
                            initialMargin: maintenance * parameters.initialMarginFactor + currency.amount(valued.collateralInitialAddOn),
                            maintenanceMargin: maintenance,
                            breakdown: .portfolio(PortfolioBreakdown(underlyings: underlyings, liquidityBuffer: liquidityBuffer)),
                            parametersVersion: parametersVersion)
    }

    /// Short options not offset by long options of the same type: max(0, short calls - long calls)
    /// + max(0, short puts - long puts), in units.
    func nakedShortSize(_ positions: [PositionValuation], of underlying: String) -> Double {
        var calls = (short: 0.0, long: 0.0)
        var puts = (short: 0.0, long: 0.0)
        for position in positions where position.instrument.underlying == underlying {
            switch position.instrument.kind {
            case .call: if position.size < 0 { calls.short -= position.size } else { calls.long += position.size }
            case .put: if position.size < 0 { puts.short -= position.size } else { puts.long += position.size }
            case .future, .perpetual: break
            }
        }
        return max(0, calls.short - calls.long) + max(0, puts.short - puts.long)
    }
}
