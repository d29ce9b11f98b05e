extension Portfolio {
    /// The portfolio after closing `fraction` of position `index` at its current valuation:
    /// the closed part's value moves to cash, so equity is unchanged at this market; `charge`
    /// (a penalty or fee) leaves cash. A future's reported P&L and funding shrink with it.
    public func closing(_ index: Int, fraction: Double, value: Double, charge: Double = 0) -> Portfolio {
        var portfolio = self
        var position = portfolio.positions[index]
        let kept = 1 - fraction
        portfolio.cash += fraction * value - charge
        position.size *= kept
        position.unrealizedPnl = position.unrealizedPnl.map { $0 * kept }
        position.unrealizedFunding = position.unrealizedFunding.map { $0 * kept }
        if fraction >= 1 || abs(position.size) < 1e-12 {
            portfolio.positions.remove(at: index)
        } else {
            portfolio.positions[index] = position
        }
        return portfolio
    }
}
