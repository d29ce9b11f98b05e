extension Portfolio {
    /// The portfolio after the fills, in order.
    ///
    /// An option fill moves cash by -size x price (the premium); a future or perpetual fill
    /// realises P&L on the part it closes, at the position's entry price. Either averages the
    /// entry price of what it adds (for an option, the average premium: the cost basis the ADL
    /// queue ranks by). Fees leave cash. A venue-reported `unrealizedPnl` is dropped from a
    /// traded future or perpetual: after the fill, P&L follows the entry price.
    public func applying(_ fills: [TradeFill]) -> Portfolio {
        var portfolio = self
        for fill in fills {
            portfolio.cash -= fill.fee
            let index = portfolio.positions.firstIndex { $0.instrument == fill.instrument }
            var position = index.map { portfolio.positions[$0] } ?? Position(instrument: fill.instrument, size: 0)
            let size = position.size
            let entry = position.entryPrice ?? fill.price
            let adds = size == 0 || (size > 0) == (fill.size > 0)
            if fill.instrument.kind.isOption {
                portfolio.cash -= fill.size * fill.price
            } else {
                if !adds {
                    let closed = min(abs(fill.size), abs(size))
                    portfolio.cash += closed * (fill.price - entry) * (size > 0 ? 1 : -1)
                }
                position.unrealizedPnl = nil
            }
            // The average price of what is open; a fill that flips the position opens the rest at its own price.
            position.entryPrice = adds ? (size * entry + fill.size * fill.price) / (size + fill.size)
                                       : (abs(fill.size) > abs(size) ? fill.price : entry)
            position.size = size + fill.size
            if abs(position.size) < 1e-12 {
                if let index { portfolio.positions.remove(at: index) }
            } else if let index {
                portfolio.positions[index] = position
            } else {
                portfolio.positions.append(position)
            }
        }
        return portfolio
    }
}
