extension BookPricing {
    /// The figures of the account in `slot` in portfolio mode, each sum taken in the order
    /// `PortfolioValuer`, `ScenarioEngine` and `PortfolioMargin` take it; nil when the account
    /// must be margined one by one (see the type).
    public func figures(of slot: CompactBook.Slot, in book: CompactBook, scratch: inout Scratch) -> MarginFigures? {
        guard usable else { return nil }
        let positions = book.positions(of: slot)

        // Its underlyings, in name order (the order PortfolioMargin sums them in).
        var count = 0
        for position in positions {
            let instrument = Int(book.positionInstrument[position])
            guard instrumentUsable[instrument] else { return nil }
            let underlying = book.instrumentUnderlying[instrument]
            if !scratch.underlying[0..<count].contains(underlying) {
                guard count < Scratch.maximumUnderlyings else { return nil }
                var at = count
                while at > 0, nameRank[Int(scratch.underlying[at - 1])] > nameRank[Int(underlying)] {
                    scratch.underlying[at] = scratch.underlying[at - 1]
                    at -= 1
                }
                scratch.underlying[at] = underlying
                count += 1
            }
        }
        for slot in 0..<count {
            scratch.delta[slot] = 0
            scratch.linear[slot] = 0
            scratch.buffer[slot] = 0
            scratch.optionCount[slot] = 0
            scratch.callsShort[slot] = 0
            scratch.callsLong[slot] = 0
            scratch.putsShort[slot] = 0
            scratch.putsLong[slot] = 0
        }

        // Positions: PortfolioValuer.value, LiquidityBuffer, nakedShortSize, the figures' sums.
        var optionsValue = 0.0
        var unrealized = 0.0
        var grossNotional = 0.0
        var costBasis = 0.0
        for position in positions {
            let instrument = Int(book.positionInstrument[position])
            let underlying = Int(book.instrumentUnderlying[instrument])
            let at = scratch.underlying[0..<count].firstIndex(of: Int32(underlying))!
            let spot = self.spot[underlying]
            let size = book.size[position]
            let line = Int(book.positionLine[position])
            let isOption = line >= 0
            if isOption {
                guard lineUsable[line] else { return nil }
                if quotesFillForwards, marketForward[instrument].isNaN,
                   forward(of: instrument, in: positions, book: book) != lineForward[line] { return nil }
                scratch.optionCount[at] += 1
                // The method's sums add 0 for the other kind of position (a zero's sign follows it).
                optionsValue = optionsValue + size * mark[line]
                unrealized = unrealized + 0
                scratch.delta[at] += size * unitDelta[line]
                if isCall[instrument] {
                    if size < 0 { scratch.callsShort[at] -= size } else { scratch.callsLong[at] += size }
                } else {
                    if size < 0 { scratch.putsShort[at] -= size } else { scratch.putsLong[at] += size }
                }
            } else {
                let markPrice = expiry[instrument] == .min ? perpetualMark[underlying]
                    : marketForward[instrument].isNaN ? forward(of: instrument, in: positions, book: book) : marketForward[instrument]
                let given = book.unrealizedPnl[position]
                let entry = book.entryPrice[position]
                let pnl = !given.isNaN ? given : !entry.isNaN ? size * (markPrice - entry) : 0
                let funding = book.unrealizedFunding[position]
                optionsValue = optionsValue + 0
                unrealized = unrealized + (pnl + (funding.isNaN ? 0 : funding))
                scratch.delta[at] += size
                scratch.linear[at] += size * markPrice
            }
            let notional = abs(size) * spot
            let rate = isOption ? optionsRate[underlying] : futuresRate[underlying]
            scratch.buffer[at] += notional * rate * (1 + (notional / marketDepth[underlying]).squareRoot())
            grossNotional = grossNotional + abs(size) * spot
            let entry = book.entryPrice[position]
            costBasis = costBasis + (entry.isNaN ? abs(size) * spot : abs(size) * entry)
        }

        // Collateral: PortfolioValuer.valueCollateral with the account's underlyings as scenario underlyings.
        var collateralValue = 0.0
        var initialAddOn = 0.0
        for holding in book.holdings(of: slot) {
            let assetSlot = Int(book.holdingAsset[holding])
            let given = book.holdingPrice[holding]
            let price = given.isNaN ? assetSpot[assetSlot] : given
            guard !price.isNaN else { return nil }
            let tracked = assetTracks[assetSlot]
            let tracksHeld = tracked >= 0 && scratch.underlying[0..<count].contains(tracked)
            let cancelling = book.holdingRiskCancelling[holding]
            let movesWith = (cancelling < 0 ? tracksHeld : cancelling == 1) && tracksHeld ? tracked : -1
            let amount = book.holdingAmount[holding]
            let marketValue = amount * price
            let value: Double
            let fixed = book.holdingMaintenanceHaircut[holding]
            if !fixed.isNaN {
                value = marketValue * (1 - fixed)
                initialAddOn = initialAddOn + marketValue * (max(book.holdingInitialHaircut[holding], fixed) - fixed)
            } else {
                guard let registered = asset[assetSlot] else { return nil }
                var correlation = 0.0
                for at in 0..<count where scratch.delta[at] > 0 && scratch.underlying[at] != movesWith {
                    let addOn = correlationAddOn[assetSlot * book.underlyings.count + Int(scratch.underlying[at])]
                    if addOn > correlation { correlation = addOn }
                }
                let haircut = model.haircut(registered, amount: amount, price: price, correlation: correlation, correlatedWith: nil).total
                value = marketValue * (1 - haircut)
                // The registry's initial haircut is its maintenance one: the method adds marketValue x 0.
                initialAddOn = initialAddOn + marketValue * (haircut - haircut)
            }
            collateralValue = collateralValue + value
            if movesWith >= 0 { scratch.linear[scratch.underlying[0..<count].firstIndex(of: movesWith)!] += value }
        }
        // ValuedPortfolio.equity: cash + collateral + options + futures' P&L, left to right.
        let equity = book.cash[Int(slot)] + collateralValue + optionsValue + unrealized

        // Per underlying: ScenarioEngine.results, then PortfolioMargin.margin.
        var requirements = 0.0
        var liquidityBuffer = 0.0
        for at in 0..<count {
            let underlying = Int(scratch.underlying[at])
            let scenarios = scenarioStart[underlying]..<(scenarioStart[underlying] + scenarioCount[underlying])
            let worst = scratch.pnl.withUnsafeMutableBufferPointer { pnl in
                scratch.lanes.withUnsafeMutableBufferPointer { lanes in
                    unitPnl.withUnsafeBufferPointer { unitPnl in
                        scenarioPnl(into: pnl, lanes: lanes, unitPnl: unitPnl, underlying: underlying, linear: scratch.linear[at],
                                    options: scratch.optionCount[at], scenarios: scenarios, positions: positions, book: book)
                        var worst = 0.0
                        for (index, scenario) in scenarios.enumerated() {
                            let weight = extremeWeight[scenario]
                            let weighted = weight.isNaN ? pnl[index] : pnl[index] * weight
                            if index == 0 || weighted < worst { worst = weighted }
                        }
                        return worst
                    }
                }
            }
            let scanLoss = max(0, -worst)
            let naked = max(0, scratch.callsShort[at] - scratch.callsLong[at]) + max(0, scratch.putsShort[at] - scratch.putsLong[at])
            let minimum = naked * spot[underlying] * shortOptionMinimumRate[underlying]
            requirements = requirements + max(scanLoss, minimum)
            liquidityBuffer = liquidityBuffer + scratch.buffer[at]
        }
        let maintenance = requirements + liquidityBuffer
        return MarginFigures(equity: equity, initialMargin: maintenance * parameters.initialMarginFactor + initialAddOn,
                             maintenanceMargin: maintenance, unrealizedPnl: unrealized, grossNotional: grossNotional, costBasis: costBasis)
    }

    /// The account's P&L on `underlying` under each of its scenarios, summed as the vector
    /// kernel sums it (`ScenarioEngine.pnl`): option k of the underlying, in the account's
    /// order, goes to lane k mod 8, each lane adds from zero, the lanes pair up in a fixed
    /// tree, and the linear part comes first. Lanes no option reached hold zero there, which
    /// adds exactly; they are left out rather than cleared.
    private func scenarioPnl(into pnl: UnsafeMutableBufferPointer<Double>, lanes: UnsafeMutableBufferPointer<Double>,
                             unitPnl: UnsafeBufferPointer<Double>, underlying: Int, linear: Double, options: Int,
                             scenarios: Range<Int>, positions: Range<Int>, book: CompactBook) {
        let count = scenarios.count
        var option = 0
        for position in positions where book.positionLine[position] >= 0
            && book.instrumentUnderlying[Int(book.positionInstrument[position])] == Int32(underlying) {
            let size = book.size[position]
            let unit = unitPnl.baseAddress! + unitPnlStart[Int(book.positionLine[position])]
            let lane = lanes.baseAddress! + (option & 7) * count
            if option < 8 {
                for index in 0..<count { lane[index] = 0 + size * unit[index] }
            } else {
                for index in 0..<count { lane[index] += size * unit[index] }
            }
            option += 1
        }
        let used = min(options, 8)
        for (index, scenario) in scenarios.enumerated() {
            func sum(_ lane: Int) -> Double { lane < used ? lanes[lane * count + index] : 0 }
            let optionsPnl = ((sum(0) + sum(1)) + (sum(2) + sum(3))) + ((sum(4) + sum(5)) + (sum(6) + sum(7)))
            pnl[index] = linear * spotShock[scenario] + optionsPnl
        }
    }

    /// The forward an account's market gives `instrument`'s expiry once the monitor filled
    /// it from the option quotes: that of the first of its options of the expiry quoted with
    /// one, else the spot (the market itself has none).
    private func forward(of instrument: Int, in positions: Range<Int>, book: CompactBook) -> Double {
        let underlying = book.instrumentUnderlying[instrument]
        for position in positions {
            let line = Int(book.positionLine[position])
            guard line >= 0 else { continue }
            let other = Int(book.positionInstrument[position])
            if book.instrumentUnderlying[other] == underlying, expiry[other] == expiry[instrument], !quotedForward[line].isNaN {
                return quotedForward[line]
            }
        }
        return spot[Int(underlying)]
    }
}
