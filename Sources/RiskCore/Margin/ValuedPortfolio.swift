/// A portfolio with every position and collateral holding valued at one market snapshot:
/// the common input of every margin mode.
public struct ValuedPortfolio: Hashable, Sendable {
    public var asOf: Timestamp
    /// In the account's currency.
    public var cash: Double
    /// The account's currency and its USD price: every value here is in USD.
    public var currency: AccountCurrency = .usd
    public var positions: [PositionValuation]
    public var collateral: [CollateralValuation]
    /// Net Greeks per underlying held.
    public var greeks: [String: UnderlyingGreeks]
    /// Spot per underlying held.
    public var spots: [String: Double]
    /// ATM volatility per underlying held, and where it came from (`market`, `options`, `parameters`).
    public var atmVolatilities: [String: Double]
    public var atmVolatilitySources: [String: String]

    /// Sum of the options' size x mark.
    public var optionsValue: Double {
        positions.reduce(0) { $0 + ($1.instrument.kind.isOption ? $1.value : 0) }
    }

    /// Unrealised P&L and funding of futures and perpetuals.
    public var unrealizedPnl: Double {
        positions.reduce(0) { $0 + ($1.instrument.kind.isOption ? 0 : $1.value) }
    }

    /// Collateral after haircuts.
    public var collateralValue: Double {
        collateral.reduce(0) { $0 + $1.value }
    }

    /// Extra initial margin for collateral whose caller-fixed initial haircut exceeds its maintenance haircut.
    public var collateralInitialAddOn: Double {
        collateral.reduce(0) { $0 + $1.marketValue * ($1.initialHaircut - $1.haircut) }
    }

    /// The cash's USD value.
    public var cashValue: Double { currency.isQuote ? cash : cash * currency.price }

    /// cash + collateral after haircuts + options marked to market + futures and perpetuals P&L and funding, in USD.
    public var equity: Double {
        cashValue + collateralValue + optionsValue + unrealizedPnl
    }
}
