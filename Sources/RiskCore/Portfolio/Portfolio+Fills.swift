extension Portfolio {
    /// The portfolio after the fills, in order, each booked in its instrument's settlement
    /// currency (the account's: `fillIssues`).
    ///
    /// An option fill moves cash by -size x price (the premium, in coin for an inverse
    /// option); a future or perpetual fill realises P&L on the part it closes, at the
    /// position's entry price: size x (price - entry) when linear, N x (1/entry - 1/price)
    /// coin for N USD of an inverse one. Either averages the entry price of what it adds (for
    /// an option, the average premium: the cost basis the ADL queue ranks by; for an inverse
    /// future the harmonic mean, so that the coin P&L of the whole is the sum of its parts).
    /// Fees leave cash. A venue-reported `unrealizedPnl` is dropped from a traded future or
    /// perpetual: after the fill, P&L follows the entry price.
    public func applying(_ fills: [TradeFill]) -> Portfolio { booking(fills).portfolio }

    /// `applying`, and the cash the fills moved against the market (premiums and realised
    /// P&L, fees apart), summed as booked: the ledger's market line, with no rounding residue
    /// from taking the difference of two cash balances.
    public func booking(_ fills: [TradeFill]) -> (portfolio: Portfolio, tradedCash: Double) {
        var portfolio = self
        var traded = 0.0
        func move(_ amount: Double) {
            portfolio.cash += amount
            traded += amount
        }
        for fill in fills {
            portfolio.cash -= fill.fee
            let index = portfolio.positions.firstIndex { $0.instrument == fill.instrument }
            let inverse = fill.instrument.isInverseLinear
            var position = index.map { portfolio.positions[$0] }
                ?? Position(instrument: fill.instrument, size: 0, sizeUnit: inverse ? .usd : .coin)
            let size = position.size
            let entry = position.entryPrice ?? fill.price
            let adds = size == 0 || (size > 0) == (fill.size > 0)
            if fill.instrument.kind.isOption {
                move(-fill.size * fill.price)
            } else {
                if !adds {
                    let closed = min(abs(fill.size), abs(size)) * (size > 0 ? 1 : -1)
                    move(inverse ? closed * (1 / entry - 1 / fill.price) : closed * (fill.price - entry))
                }
                position.unrealizedPnl = nil
            }
            // The average price of what is open; a fill that flips the position opens the rest at its own price.
            if adds {
                position.entryPrice = inverse ? (size + fill.size) / (size / entry + fill.size / fill.price)
                                              : (size * entry + fill.size * fill.price) / (size + fill.size)
            } else {
                position.entryPrice = abs(fill.size) > abs(size) ? fill.price : entry
            }
            position.size = size + fill.size
            if abs(position.size) < 1e-12 {
                if let index { portfolio.positions.remove(at: index) }
            } else if let index {
                portfolio.positions[index] = position
            } else {
                portfolio.positions.append(position)
            }
        }
        return (portfolio, traded)
    }

    /// Fills `applying` cannot book in this account, named `fills[i]` (`field`): one settling
    /// in another currency than the account's (its cash would be in two currencies), and one
    /// on an inverse future held sized in coin (fills size those in USD).
    public func fillIssues(_ fills: [TradeFill], field: String = "fills") -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for (index, fill) in fills.enumerated() {
            let name = "\(field)[\(index)].instrument"
            if fill.instrument.settlementCurrency != currency {
                issues.append(ValidationIssue(field: name, reason: "settles in \(fill.instrument.settlementCurrency) and the account is in \(currency): "
                    + "a fill's premium and P&L are booked in the account's currency (docs/INVERSE.md, \"Stored accounts\")"))
            } else if fill.instrument.isInverseLinear,
                      positions.contains(where: { $0.instrument == fill.instrument && $0.sizeUnit == .coin }) {
                issues.append(ValidationIssue(field: name, reason: "is held sized in coin: a fill on a coin-settled future is in USD of notional, so the position must be too (sizeUnit usd)"))
            }
        }
        return issues
    }
}
