/// An account's headline figures, as the health monitor keeps them: what `BookPricing` computes
/// in bulk for a `CompactBook`, equal to the bit to those of the `MarginResult` of the same account.
public struct MarginFigures: Sendable, Equatable {
    public var equity: Double
    public var initialMargin: Double
    public var maintenanceMargin: Double
    public var unrealizedPnl: Double
    /// Sum of |coins| x spot, in the account's currency (as every figure here).
    public var grossNotional: Double
    /// What the open positions cost, the PnL% denominator of ADL: |size| x entry price
    /// (an option's premium, in its settlement currency; an inverse future's N / entry
    /// coins), the notional where there is no entry price.
    public var costBasis: Double

    public var status: MarginStatus {
        MarginStatus(equity: equity, initialMargin: initialMargin, maintenanceMargin: maintenanceMargin)
    }

    public var marginRatio: Double? { maintenanceMargin > 0 ? equity / maintenanceMargin : nil }

    public init(equity: Double, initialMargin: Double, maintenanceMargin: Double, unrealizedPnl: Double,
                grossNotional: Double, costBasis: Double) {
        self.equity = equity
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
        self.unrealizedPnl = unrealizedPnl
        self.grossNotional = grossNotional
        self.costBasis = costBasis
    }

    /// The figures of `result`, the margin of `portfolio` (a stored account: its positions
    /// settle in its currency).
    public init(_ result: MarginResult, portfolio: Portfolio) {
        equity = result.equity
        initialMargin = result.initialMargin
        maintenanceMargin = result.maintenanceMargin
        unrealizedPnl = result.unrealizedPnl
        let currency = result.currency
        grossNotional = currency.amount(result.positions.reduce(0) { $0 + abs($1.size) * $1.spot })
        costBasis = zip(portfolio.positions, result.positions).reduce(0) { total, pair in
            let (position, valuation) = pair
            guard let entry = position.entryPrice else { return total + currency.amount(abs(valuation.size) * valuation.spot) }
            return total + (position.instrument.isInverseLinear && position.sizeUnit == .usd
                ? abs(position.size) / entry : abs(position.size) * entry)
        }
    }

    /// Only the figures a dashboard sees; a change in any bumps the state version.
    public func differs(from other: MarginFigures) -> Bool {
        equity != other.equity || initialMargin != other.initialMargin || maintenanceMargin != other.maintenanceMargin
    }
}
