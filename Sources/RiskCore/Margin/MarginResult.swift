/// The margin of a portfolio in one mode: equity, both requirements, the ratio and status,
/// and everything needed to explain them. Money figures (equity, cash, values, requirements,
/// the breakdown's) are in the account's `currency`; the positions' and collateral's
/// valuations keep their USD prices and values (docs/INVERSE.md).
public struct MarginResult: Hashable, Sendable {
    public var mode: MarginMode
    public var currency: AccountCurrency
    public var asOf: Timestamp
    public var equity: Double
    public var cash: Double
    public var collateralValue: Double
    public var optionsValue: Double
    public var unrealizedPnl: Double
    public var initialMargin: Double
    public var maintenanceMargin: Double
    public var breakdown: MarginBreakdown
    public var positions: [PositionValuation]
    public var collateral: [CollateralValuation]
    public var greeks: [String: UnderlyingGreeks]
    public var parametersVersion: String

    /// equity / maintenance margin: higher is safer, below 1 the account is liquidatable;
    /// nil when the requirement is zero.
    public var marginRatio: Double? {
        maintenanceMargin > 0 ? equity / maintenanceMargin : nil
    }

    public var status: MarginStatus {
        MarginStatus(equity: equity, initialMargin: initialMargin, maintenanceMargin: maintenanceMargin)
    }

    init(mode: MarginMode, asOf: Timestamp, equity: Double, cash: Double, collateralValue: Double, optionsValue: Double,
         unrealizedPnl: Double, initialMargin: Double, maintenanceMargin: Double, breakdown: MarginBreakdown,
         positions: [PositionValuation], collateral: [CollateralValuation], greeks: [String: UnderlyingGreeks],
         parametersVersion: String, currency: AccountCurrency = .usd) {
        self.mode = mode
        self.currency = currency
        self.asOf = asOf
        self.equity = equity
        self.cash = cash
        self.collateralValue = collateralValue
        self.optionsValue = optionsValue
        self.unrealizedPnl = unrealizedPnl
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
        self.breakdown = breakdown
        self.positions = positions
        self.collateral = collateral
        self.greeks = greeks
        self.parametersVersion = parametersVersion
    }

    /// - Parameters: initialMargin, maintenanceMargin, breakdown: in the account's currency.
    init(mode: MarginMode, valued: ValuedPortfolio, initialMargin: Double, maintenanceMargin: Double,
         breakdown: MarginBreakdown, parametersVersion: String) {
        let currency = valued.currency
        self.mode = mode
        self.currency = currency
        self.asOf = valued.asOf
        self.equity = currency.amount(valued.equity)
        self.cash = valued.cash
        self.collateralValue = currency.amount(valued.collateralValue)
        self.optionsValue = currency.amount(valued.optionsValue)
        self.unrealizedPnl = currency.amount(valued.unrealizedPnl)
        self.initialMargin = initialMargin
        self.maintenanceMargin = maintenanceMargin
        self.breakdown = breakdown
        self.positions = valued.positions
        self.collateral = valued.collateral
        self.greeks = valued.greeks
        self.parametersVersion = parametersVersion
    }
}
