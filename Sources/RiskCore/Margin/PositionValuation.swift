/// One position valued: its mark, its contribution to equity and its Greeks (position-level,
/// size included). Value and Greeks are in the quote currency whatever the settlement
/// (docs/INVERSE.md): an inverse position's coin amounts are worth the spot each.
public struct PositionValuation: Hashable, Sendable {
    public var instrument: Instrument
    /// In units of the underlying: an inverse future's USD size is converted at its mark.
    public var size: Double
    /// Per-unit mark in the settlement currency: an option's price (coin for an inverse
    /// option), the future's forward or the perpetual's mark (USD prices).
    public var markPrice: Double
    /// Contribution to equity: size x mark for an option; unrealised P&L plus funding for a future or perpetual.
    public var value: Double
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double
    /// Inputs the valuation used, for the response and for scenario revaluation.
    public var spot: Double
    public var forward: Double
    public var rate: Double
    public var volatility: Double?
    public var timeToExpiry: Double?
    /// Black-76's price per unit, in the quote currency on the forward, at `volatility` when
    /// it is not `markPrice`: an inverse option's (its coin mark is this over the forward), or
    /// one whose mark was given. Scenario P&L is measured from it.
    public var modelPrice: Double?

    /// What one unit of the engine's Black-76 price is worth in the quote currency: spot /
    /// forward for an inverse option (it pays price / forward coins, each worth the spot), 1 otherwise.
    public var quoteScale: Double {
        instrument.settlement == .coin && instrument.kind.isOption ? spot / forward : 1
    }

    /// One unit's mark in the quote currency.
    public var quoteMark: Double {
        instrument.settlement == .coin && instrument.kind.isOption ? markPrice * spot : markPrice
    }

    /// What a future or perpetual gains per unit of relative move of its underlying (spot
    /// and forward moving together): size x mark when linear; for an inverse one, the coins it
    /// holds (size at the mark plus its coin P&L and funding, i.e. its delta) x spot.
    public var linearExposure: Double {
        instrument.settlement == .coin ? delta * spot : size * markPrice
    }
}
