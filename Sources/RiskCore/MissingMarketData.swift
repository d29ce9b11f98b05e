/// What a calculation lacked, in the inputs' own terms; the service says where in a request
/// it would go.
public enum MissingMarketData: Hashable, Sendable {
    /// The spot of an underlying, of a collateral asset or of the cash asset.
    case spot(asset: String)
    /// The volatility of the option at this index of the portfolio's positions: it has no
    /// mark IV and its underlying no ATM volatility.
    case volatility(position: Int)
    /// The price of the collateral holding at this index: it has none and the market none.
    case collateralPrice(holding: Int)
    /// The index price of the account's currency (a coin): its figures are in that coin.
    case accountCurrency(code: String)
}
