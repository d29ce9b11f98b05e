/// What a position's size counts (docs/INVERSE.md, "Units").
public enum SizeUnit: String, Hashable, Sendable, CaseIterable, Codable {
    /// Units of the underlying: coins, or option contracts on one coin.
    case coin
    /// US dollars of notional, as Deribit states its inverse futures (10 USD contracts for BTC,
    /// 1 USD for ETH): worth size / mark coins at the instrument's mark.
    case usd
}
