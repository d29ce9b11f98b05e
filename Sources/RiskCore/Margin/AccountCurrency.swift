/// The currency an account's cash and every money figure of its margin are in
/// (docs/INVERSE.md, "Account currency"): USD, or a coin worth `price` USD at its index.
///
/// Everything is valued in USD first; a coin account's figures are the USD ones divided by
/// the coin's price in the same state of the market. Under a scenario that moves the coin
/// itself that price moves too, so a scenario's P&L is not the USD P&L over today's price:
///
///     P&L_coin(s) = (E + P&L_usd(s)) / (price (1 + s)) - E / price,   E the USD equity
public struct AccountCurrency: Hashable, Sendable {
    /// The quote currency every price is in.
    public static let usd = AccountCurrency(code: quoteCode, price: 1)
    public static let quoteCode = "USD"

    /// `USD` or the coin's symbol (`BTC`).
    public var code: String
    /// Its USD price (its index); 1 for USD.
    public var price: Double

    public init(code: String, price: Double) {
        self.code = code
        self.price = price
    }

    /// `code` at its index in `market`: USD at 1, a coin at its spot; nil when the market has no price for it.
    public init?(code: String, market: MarketData) {
        if code == Self.quoteCode {
            self = .usd
        } else if let index = market[code]?.spot {
            self.init(code: code, price: index)
        } else {
            return nil
        }
    }

    public var isQuote: Bool { code == Self.quoteCode }

    /// Why `code` cannot name an account's currency, at `field`; nil when it can.
    public static func codeIssue(_ code: String, field: String) -> ValidationIssue? {
        code == quoteCode || Instrument.isValidUnderlying(code) ? nil
            : ValidationIssue(field: field, reason: "must be USD or a coin's symbol (1 to 20 upper-case letters, digits or '_')")
    }

    /// A USD amount in this currency at today's price.
    @inline(__always)
    public func amount(_ usd: Double) -> Double { isQuote ? usd : usd / price }

    /// The P&L of a scenario that moves `underlying` by `spotShock`, given in USD (`pnl`),
    /// in this currency; `equity` is the account's USD equity today.
    @inline(__always)
    public func pnl(_ pnl: Double, spotShock: Double, underlying: String, equity: Double) -> Double {
        if isQuote { return pnl }
        guard underlying == code else { return pnl / price }
        return (equity + pnl) / (price * (1 + spotShock)) - equity / price
    }
}
