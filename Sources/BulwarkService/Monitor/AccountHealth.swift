import RiskCore

/// An account's standing as the monitor last computed it.
public struct AccountHealth: Sendable, Equatable {
    /// Bumped whenever the figures change: the health ETag.
    public var stateVersion: Int
    public var accountVersion: Int
    public var asOf: Timestamp
    /// The market the account was margined at: shared by every account of a tick, so holding
    /// it costs a reference, not a dictionary per account.
    var market: MarketData
    /// The assets the account is exposed to.
    var exposure: Set<String>

    /// The prices of the assets the account is exposed to, as used.
    public var prices: [String: Double] { market.spots(of: exposure) }
    public var figures: Figures?
    /// Why there are no figures: a price the oracle cannot give, or a stored account that no longer validates.
    public var unpricedReason: String?

    public struct Figures: Sendable, Equatable {
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

        init(_ result: MarginResult, portfolio: Portfolio) {
            equity = result.equity
            initialMargin = result.initialMargin
            maintenanceMargin = result.maintenanceMargin
            unrealizedPnl = result.unrealizedPnl
            let currency = result.currency
            grossNotional = currency.amount(result.positions.reduce(0) { $0 + abs($1.size) * $1.spot })
            costBasis = zip(portfolio.positions, result.positions).reduce(0) { total, pair in
                let (position, valuation) = pair
                guard let entry = position.entryPrice else { return total + currency.amount(abs(valuation.size) * valuation.spot) }
                // Positions of a stored account settle in its currency.
                return total + (position.instrument.isInverseLinear && position.sizeUnit == .usd
                    ? abs(position.size) / entry : abs(position.size) * entry)
            }
        }

        /// Only the figures a dashboard sees; a change in any bumps the state version.
        func differs(from other: Figures) -> Bool {
            equity != other.equity || initialMargin != other.initialMargin || maintenanceMargin != other.maintenanceMargin
        }
    }

    /// The status for lists and filters: a margin status, or `unpriced`.
    public var statusName: String { figures?.status.rawValue ?? "unpriced" }
}
