extension Portfolio {
    /// The portfolio after the fills, in order.
    ///
    /// An option fill moves cash by -size x price (the premium); a future or perpetual fill
    /// realises P&L on the part it closes, at the position's entry price, and averages the
    /// entry price of what it adds. Fees leave cash. A venue-reported `unrealizedPnl` is
    /// dropped from a traded position: after the fill, P&L follows the entry price.
    public func applying(_ fills: [TradeFill]) -> Portfolio {
        var portfolio = self
        for fill in fills {
            portfolio.cash -= fill.fee
            let index = portfolio.positions.firstIndex { $0.instrument == fill.instrument }
            var position = index.map { portfolio.positions[$0] } ?? Position(instrument: fill.instrument, size: 0)
            if fill.instrument.kind.isOption {
                portfolio.cash -= fill.size * fill.price
                position.size += fill.size
            } else {
                let entry = position.entryPrice ?? fill.price
                let size = position.size
                if size == 0 || (size > 0) == (fill.size > 0) {
                    position.entryPrice = (size * entry + fill.size * fill.price) / (size + fill.size)
                    position.size = size + fill.size
                } else {
                    let closed = min(abs(fill.size), abs(size))
                    portfolio.cash += closed * (fill.price - entry) * (size > 0 ? 1 : -1)
                    position.size = size + fill.size
                    // A fill that flips the position opens the rest at its own price.
                    position.entryPrice = abs(fill.size) > abs(size) ? fill.price : entry
                }
                position.unrealizedPnl = nil
            }
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
