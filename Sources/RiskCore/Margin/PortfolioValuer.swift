/// Values a portfolio at a market snapshot: checks every input, resolves market data
/// (forward per expiry, mark IV or ATM fallback), prices options with Black-76 and
/// values collateral after haircuts.
public struct PortfolioValuer: Sendable {
    public var parameters: RiskParameters

    public init(parameters: RiskParameters) {
        self.parameters = parameters
    }

    /// - Parameter scenarioUnderlyings: underlyings whose scenarios move risk-cancelling collateral
    ///   (portfolio mode); such collateral takes no correlation add-on.
    public func value(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp,
                      scenarioUnderlyings: Set<String> = []) throws(RiskError) -> ValuedPortfolio {
        var issues = portfolio.validationIssues() + market.validationIssues()
        for (index, position) in portfolio.positions.enumerated() {
            let field = "positions[\(index)]"
            let underlying = position.instrument.underlying
            if Instrument.isValidUnderlying(underlying), parameters.underlyings[underlying] == nil {
                let known = parameters.underlyings.keys.sorted().joined(separator: ", ")
                issues.append(ValidationIssue(field: "\(field).underlying", reason: "unknown underlying '\(underlying)'; known: \(known)"))
            }
            if let expiry = position.instrument.expiry, expiry.adding(seconds: parameters.settlementGraceSeconds) < asOf {
                issues.append(ValidationIssue(field: "\(field).expiry",
                                              reason: "expired at \(expiry.iso8601), more than \(parameters.settlementGraceSeconds) s before asOf; a settled instrument is no longer a position"))
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }

        var positions: [PositionValuation] = []
        positions.reserveCapacity(portfolio.positions.count)
        var greeks: [String: UnderlyingGreeks] = [:]
        var spots: [String: Double] = [:]
        var atmVolatilities: [String: Double] = [:]
        var atmSources: [String: String] = [:]

        // Per-underlying state in small arrays searched linearly: a portfolio has a few
        // underlyings, and hashing a String per position per lookup dominated the valuation.
        let underlyings = portfolio.underlyings
        var markets: [AssetMarket] = []
        var underlyingGreeks = [UnderlyingGreeks](repeating: UnderlyingGreeks(), count: underlyings.count)
        markets.reserveCapacity(underlyings.count)
        for underlying in underlyings {
            guard let assetMarket = market[underlying] else {
                throw .missingMarketData(asset: underlying, missing: .spot(asset: underlying), reason: "no price for \(underlying)")
            }
            spots[underlying] = assetMarket.spot
            markets.append(assetMarket)
            let (volatility, source) = atmVolatility(of: underlying, market: assetMarket, portfolio: portfolio)
            atmVolatilities[underlying] = volatility
            atmSources[underlying] = source
        }

        for (index, position) in portfolio.positions.enumerated() {
            let instrument = position.instrument
            let underlying = instrument.underlying
            // Every underlying was resolved above.
            let slot = underlyings.firstIndex(of: underlying)!
            let assetMarket = markets[slot]
            let spot = assetMarket.spot
            let valuation: PositionValuation
            switch instrument.kind {
            case .call, .put:
                valuation = try valueOption(position, index: index, market: assetMarket, asOf: asOf)
            case .future, .perpetual:
                let mark = instrument.kind == .future ? assetMarket.expiryMarket(instrument.expiry!).forward : assetMarket.perpetualMark
                let timeToExpiry = instrument.expiry.map { max(asOf.yearFraction(to: $0), 0) }
                if instrument.settlement == .coin {
                    // Inverse: P&L in coin, N x (1/entry - 1/mark) for N USD of notional;
                    // every coin amount is worth the spot.
                    let notional = position.sizeUnit == .usd ? position.size : position.size * mark
                    let coins = position.sizeUnit == .usd ? position.size / mark : position.size
                    let pnl = position.unrealizedPnl ?? position.entryPrice.map { notional * (1 / $0 - 1 / mark) } ?? 0
                    let funding = position.unrealizedFunding ?? 0
                    valuation = PositionValuation(
                        instrument: instrument, size: coins, markPrice: mark, value: (pnl + funding) * spot,
                        delta: coins + pnl + funding, gamma: 0, vega: 0, theta: 0, spot: spot, forward: mark, rate: 0,
                        volatility: nil, timeToExpiry: timeToExpiry)
                } else {
                    let pnl = position.unrealizedPnl ?? position.entryPrice.map { position.size * (mark - $0) } ?? 0
                    valuation = PositionValuation(
                        instrument: instrument, size: position.size, markPrice: mark, value: pnl + (position.unrealizedFunding ?? 0),
                        delta: position.size, gamma: 0, vega: 0, theta: 0, spot: spot, forward: mark, rate: 0,
                        volatility: nil, timeToExpiry: timeToExpiry)
                }
            }
            underlyingGreeks[slot].delta += valuation.delta
            underlyingGreeks[slot].gamma += valuation.gamma
            underlyingGreeks[slot].vega += valuation.vega
            underlyingGreeks[slot].theta += valuation.theta
            positions.append(valuation)
        }
        for (slot, underlying) in underlyings.enumerated() { greeks[underlying] = underlyingGreeks[slot] }

        var exposures: [String: ExposureDirection] = [:]
        for (underlying, net) in greeks where net.delta != 0 {
            exposures[underlying] = net.delta > 0 ? .long : .short
        }
        let collateral = try valueCollateral(portfolio.collateral, market: market, exposures: exposures,
                                             scenarioUnderlyings: scenarioUnderlyings)
        return ValuedPortfolio(asOf: asOf, cash: portfolio.cash, currency: try currency(of: portfolio, market: market),
                               positions: positions, collateral: collateral,
                               greeks: greeks, spots: spots, atmVolatilities: atmVolatilities, atmVolatilitySources: atmSources)
    }

    /// An option at its mark IV (else the volatility implied by its given mark, else the
    /// underlying's ATM volatility), priced with Black-76; an inverse option's price is in
    /// coin: Black-76 on the forward divided by the forward (docs/INVERSE.md), its value and
    /// Greeks in the quote currency.
    func valueOption(_ position: Position, index: Int, market: AssetMarket, asOf: Timestamp) throws(RiskError) -> PositionValuation {
        let instrument = position.instrument
        let point = market.expiryMarket(instrument.expiry!)
        let timeToExpiry = asOf.yearFraction(to: instrument.expiry!)
        let inverse = instrument.settlement == .coin
        // A given mark in the quote currency on the forward, the unit Black-76 prices in.
        let givenMark = position.markPrice.map { inverse ? $0 * point.forward : $0 }
        let volatility: Double
        if let markIv = position.markIv {
            volatility = markIv
        } else if let givenMark {
            if timeToExpiry <= 0 {
                volatility = 0
            } else if let implied = Black76.impliedVolatility(kind: instrument.kind, forward: point.forward, strike: instrument.strike!,
                                                              timeToExpiry: timeToExpiry, rate: point.rate, price: givenMark) {
                volatility = implied
            } else {
                throw .invalid([ValidationIssue(field: "positions[\(index)].markPrice",
                                                reason: "no volatility gives this mark: it must lie above the option's discounted intrinsic value and below its discounted \(instrument.kind == .call ? "forward" : "strike")\(inverse ? ", both divided by the forward (a coin mark)" : "")")])
            }
        } else if let atm = market.atmVolatility {
            volatility = atm
        } else {
            throw .missingMarketData(asset: instrument.underlying, missing: .volatility(position: index),
                                     reason: "no mark IV for \(instrument) and no ATM volatility")
        }
        let unit = Black76.valuation(kind: instrument.kind, spot: market.spot, forward: point.forward, strike: instrument.strike!,
                                     timeToExpiry: timeToExpiry, volatility: volatility, rate: point.rate)
        let scale = inverse ? market.spot / point.forward : 1
        let size = position.size * scale
        // The mark as given, or Black-76's (over the forward in coin); an inverse one is worth the spot per coin.
        let mark = position.markPrice ?? (inverse ? unit.price / point.forward : unit.price)
        return PositionValuation(
            instrument: instrument, size: position.size, markPrice: mark, value: inverse ? position.size * mark * market.spot : position.size * mark,
            delta: size * unit.delta, gamma: size * unit.gamma, vega: size * unit.vega, theta: size * unit.theta,
            spot: market.spot, forward: point.forward, rate: point.rate, volatility: volatility, timeToExpiry: max(timeToExpiry, 0),
            modelPrice: inverse || givenMark != nil ? unit.price : nil)
    }

    /// The account's currency at its index.
    private func currency(of portfolio: Portfolio, market: MarketData) throws(RiskError) -> AccountCurrency {
        guard let currency = AccountCurrency(code: portfolio.currency, market: market) else {
            throw .missingMarketData(asset: portfolio.currency, missing: .accountCurrency(code: portfolio.currency),
                                     reason: "no index price for the account currency \(portfolio.currency)")
        }
        return currency
    }

    /// The market's ATM volatility, else the highest mark IV among the underlying's options
    /// (the conservative choice), else the parameter set's fallback.
    private func atmVolatility(of underlying: String, market: AssetMarket, portfolio: Portfolio) -> (Double, String) {
        if let volatility = market.atmVolatility { return (volatility, "market") }
        let markIvs = portfolio.positions.compactMap { $0.instrument.underlying == underlying ? $0.markIv : nil }
        if let highest = markIvs.max() { return (highest, "options") }
        return (parameters.underlyings[underlying]!.cross.fallbackVolatility, "parameters")
    }

    private func valueCollateral(_ holdings: [CollateralHolding], market: MarketData, exposures: [String: ExposureDirection],
                                 scenarioUnderlyings: Set<String>) throws(RiskError) -> [CollateralValuation] {
        let model = HaircutModel(parameters: parameters.collateral)
        var result: [CollateralValuation] = []
        var issues: [ValidationIssue] = []
        for (index, holding) in holdings.enumerated() {
            let field = "collateral[\(index)]"
            let registered = parameters.collateral.assets[holding.asset]
            if registered == nil && holding.haircut == nil {
                let known = parameters.collateral.assets.keys.sorted().joined(separator: ", ")
                issues.append(ValidationIssue(field: "\(field).asset",
                                              reason: "unknown collateral asset '\(holding.asset)'; known: \(known) (or give price and haircut)"))
                continue
            }
            guard let price = holding.price ?? market[holding.asset]?.spot else {
                throw .missingMarketData(asset: holding.asset, missing: .collateralPrice(holding: index), reason: "no price for collateral \(holding.asset)")
            }
            let tracked = registered?.tracks
            let cancels = holding.riskCancelling ?? (tracked.map { scenarioUnderlyings.contains($0) } ?? false)
            let movesWith = cancels ? tracked.flatMap { scenarioUnderlyings.contains($0) ? $0 : nil } : nil
            let marketValue = holding.amount * price
            if let fixed = holding.haircut {
                result.append(CollateralValuation(
                    asset: holding.asset, amount: holding.amount, price: price, marketValue: marketValue,
                    haircut: fixed.maintenance, components: nil, initialHaircut: max(fixed.initial, fixed.maintenance),
                    value: marketValue * (1 - fixed.maintenance), movesWith: movesWith))
                continue
            }
            // Collateral that moves in the scenarios of its underlying needs no wrong-way add-on for it.
            var exposuresForHaircut = exposures
            if let movesWith { exposuresForHaircut[movesWith] = nil }
            let haircut = model.haircut(asset: holding.asset, amount: holding.amount, price: price, exposures: exposuresForHaircut)!
            result.append(CollateralValuation(
                asset: holding.asset, amount: holding.amount, price: price, marketValue: marketValue,
                haircut: haircut.total, components: haircut, initialHaircut: haircut.total,
                value: marketValue * (1 - haircut.total), movesWith: movesWith))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return result
    }
}
