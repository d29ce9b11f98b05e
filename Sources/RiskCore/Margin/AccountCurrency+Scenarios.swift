extension AccountCurrency {
    /// Scenario results of `underlying`, in USD, in this currency: each P&L converted at the
    /// scenario's own prices (`pnl(_:spotShock:underlying:equity:)`), then weighted.
    /// Unchanged in USD.
    public func results(_ results: [ScenarioResult], underlying: String, equity: Double) -> [ScenarioResult] {
        guard !isQuote else { return results }
        return results.map { result in
            let pnl = pnl(result.pnl, spotShock: result.scenario.spotShock, underlying: underlying, equity: equity)
            return ScenarioResult(scenario: result.scenario, pnl: pnl, weightedPnl: pnl * result.scenario.weight)
        }
    }
}
