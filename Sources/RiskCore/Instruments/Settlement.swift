/// The currency an instrument's premium, P&L and settlement are paid in (docs/INVERSE.md).
public enum Settlement: String, Hashable, Sendable, CaseIterable, Codable {
    /// Linear: in the quote currency (USD or a USD stablecoin), sized in units of the underlying.
    case quote
    /// Inverse: in the underlying coin. An option pays max(D - K, 0) / D coin (a put
    /// max(K - D, 0) / D) at delivery price D; a future's P&L is size_usd x (1/entry - 1/exit) coin.
    case coin
}
