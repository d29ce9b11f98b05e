import Foundation

/// Derive's portfolio-margin risk manager PMRM_2, as the portfolio-mode profile
/// `derive-pmrm2` (docs/DERIVE-PMRM2.md gives every formula).
///
/// One underlying per account, as on Derive: options on it, its perpetual, cash and
/// collateral. Derive states MM and IM as surpluses; here the requirements are
/// `maintenance = MMc - MM_LOSS_FACTOR x worst` and `initial = IMc + MMc - f x worst`
/// against `equity = MtM + cash`, so Derive's MM = equity - maintenance, IM = equity - initial.
public struct DerivePMRM2Margin: Sendable {
    public static let profileName = "derive-pmrm2"

    public let parameters: DerivePMRM2Parameters
    public let hash: String
    public let version: String
    /// The cash asset whose price is Derive's StablePrice.
    public let stableAsset: String
    private let parameterIssues: [ValidationIssue]

    /// The cash asset Derive prices everything against (its StablePrice).
    public static let defaultStableAsset = "USDC"

    public init(parameters: DerivePMRM2Parameters = .published, stableAsset: String = DerivePMRM2Margin.defaultStableAsset) {
        self.parameters = parameters
        self.hash = CanonicalForm.hash(parameters)
        self.version = String(hash.prefix(16))
        self.stableAsset = stableAsset
        self.parameterIssues = parameters.validationIssues()
    }

    static let secondsPerDay = 86_400.0
    /// Below this many seconds to expiry the forward is split into fixed and variable parts.
    static let forwardSplitSeconds: Int64 = 1_800

    /// One option as PMRM_2 sees it.
    struct Option {
        var index: Int
        var size: Double
        var isCall: Bool
        var strike: Double
        var markVol: Double
    }

    /// One expiry: its feed, time, discounting and options.
    struct ExpiryGroup {
        var expiry: Timestamp
        var seconds: Int64
        var tau: Double
        var rate: Double
        var discount: Double
        var forward: Double
        var fixedForward: Double
        var variableForward: Double
        var forwardConfidence: Double
        var rateConfidence: Double
        var volConfidence: Double
        var options: [Option] = []

        /// Black-76 call; the put from parity, floored at 0, as PMRM_2 prices it.
        func price(_ option: Option, forward: Double, vol: Double) -> Double {
            let call: Double
            if tau <= 0 {
                call = max(forward - option.strike, 0)
            } else {
                let standardDeviation = vol * tau.squareRoot()
                if standardDeviation < Black76.minimumStandardDeviation {
                    call = discount * max(forward - option.strike, 0)
                } else {
                    let d1 = log(forward / option.strike) / standardDeviation + 0.5 * standardDeviation
                    let d2 = d1 - standardDeviation
                    call = discount * (forward * NormalDistribution.cdf(d1) - option.strike * NormalDistribution.cdf(d2))
                }
            }
            return option.isCall ? call : max(call - discount * (forward - option.strike), 0)
        }

        /// Mark-to-market of the expiry's options at spot multiplier `shock` with volatilities from `vol`.
        func markToMarket(shock: Double = 1, vol: (Option) -> Double = { $0.markVol }) -> Double {
            let shockedForward = variableForward * shock + fixedForward
            var total = 0.0
            for option in options {
                total += option.size * price(option, forward: shockedForward, vol: vol(option))
            }
            return total
        }
    }

    // Long on purpose: it follows Derive's PMRM_2 margin step by step, in the reference's
    // order (docs/DERIVE-PMRM2.md), so each step can be read against it.
    public func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp) throws(RiskError) -> MarginResult {
        guard parameterIssues.isEmpty else {
            throw .invalidParameters(parameterIssues)
        }
        var issues = portfolio.validationIssues(volatilityRule: .nonNegative) + market.validationIssues()
            + portfolio.issuesForLinearProfile(Self.profileName)
        let underlyings = portfolio.underlyings
        if underlyings.count > 1 {
            issues.append(ValidationIssue(field: "positions", reason: "derive-pmrm2 margins one underlying per account, as Derive does; found \(underlyings.joined(separator: ", "))"))
        }
        for (index, position) in portfolio.positions.enumerated() where position.instrument.kind == .future {
            issues.append(ValidationIssue(field: "positions[\(index)].kind", reason: "derive-pmrm2 has no dated futures: options and the perpetual only"))
        }
        guard issues.isEmpty else { throw .invalid(issues) }

        guard let stablePrice = market[stableAsset]?.spot else {
            throw .missingMarketData(asset: stableAsset, missing: .spot(asset: stableAsset),
                                     reason: "no price for \(stableAsset), the cash asset (Derive's StablePrice)")
        }
        let underlying = underlyings.first ?? inferredUnderlying(market)
        var underlyingMarket: AssetMarket?
        if let underlying {
            underlyingMarket = market[underlying]
            if underlyingMarket == nil && !portfolio.positions.isEmpty {
                throw .missingMarketData(asset: underlying, missing: .spot(asset: underlying), reason: "no price for \(underlying)")
            }
        }
        let spot = underlyingMarket?.spot ?? 0
        let spotConfidence = underlyingMarket?.spotConfidence ?? 1
        let perpPrice = underlyingMarket?.perpPrice ?? spot
        let perpConfidence = underlyingMarket?.perpConfidence ?? 1

        // Positions: options by expiry, the perpetual summed.
        var groups: [Timestamp: ExpiryGroup] = [:]
        var perpSize = 0.0
        var perpPnl = 0.0
        var perpFunding = 0.0
        var valuations: [PositionValuation] = []
        var greeks = UnderlyingGreeks()
        for (index, position) in portfolio.positions.enumerated() {
            let instrument = position.instrument
            if instrument.kind == .perpetual {
                perpSize += position.size
                let pnl = position.unrealizedPnl ?? position.entryPrice.map { position.size * (perpPrice - $0) } ?? 0
                perpPnl += pnl
                perpFunding += position.unrealizedFunding ?? 0
                greeks.delta += position.size
                valuations.append(PositionValuation(instrument: instrument, size: position.size, markPrice: perpPrice,
                                                    value: pnl + (position.unrealizedFunding ?? 0), delta: position.size, gamma: 0,
                                                    vega: 0, theta: 0, spot: spot, forward: perpPrice, rate: 0, volatility: nil,
                                                    timeToExpiry: nil))
                continue
            }
            let expiry = instrument.expiry!
            guard let markVol = position.markIv ?? underlyingMarket?.atmVolatility else {
                throw .missingMarketData(asset: instrument.underlying, missing: .volatility(position: index),
                                         reason: "no mark IV for \(instrument) and no ATM volatility")
            }
            if groups[expiry] == nil { groups[expiry] = expiryGroup(expiry, asOf: asOf, market: underlyingMarket!) }
            let option = Option(index: index, size: position.size, isCall: instrument.kind == .call, strike: instrument.strike!,
                                markVol: markVol)
            groups[expiry]!.options.append(option)
            let group = groups[expiry]!
            let mark = group.price(option, forward: group.forward, vol: markVol)
            let unit = Black76.valuation(kind: instrument.kind, spot: spot, forward: group.forward, strike: option.strike,
                                         timeToExpiry: group.tau, volatility: markVol, rate: group.rate)
            greeks.delta += position.size * unit.delta
            greeks.gamma += position.size * unit.gamma
            greeks.vega += position.size * unit.vega
            greeks.theta += position.size * unit.theta
            valuations.append(PositionValuation(instrument: instrument, size: position.size, markPrice: mark,
                                                value: position.size * mark, delta: position.size * unit.delta,
                                                gamma: position.size * unit.gamma, vega: position.size * unit.vega,
                                                theta: position.size * unit.theta, spot: spot, forward: group.forward,
                                                rate: group.rate, volatility: markVol, timeToExpiry: group.tau))
        }
        let expiries = groups.values.sorted { $0.expiry < $1.expiry }

        // Collateral in the cash asset: amount x price / StablePrice.
        var collateral: [CollateralValuation] = []
        for (index, holding) in portfolio.collateral.enumerated() {
            guard let price = holding.price ?? market[holding.asset]?.spot else {
                throw .missingMarketData(asset: holding.asset, missing: .collateralPrice(holding: index), reason: "no price for collateral \(holding.asset)")
            }
            let value = holding.amount * price / stablePrice
            let maintenanceHaircut = holding.haircut?.maintenance ?? 0
            let initialHaircut = holding.haircut?.initial ?? 0
            let cancels = holding.riskCancelling ?? (underlying != nil && holding.asset == underlying)
            collateral.append(CollateralValuation(asset: holding.asset, amount: holding.amount, price: price, marketValue: value,
                                                  haircut: maintenanceHaircut, components: nil,
                                                  initialHaircut: maintenanceHaircut + initialHaircut, value: value,
                                                  movesWith: cancels ? (underlying ?? holding.asset) : nil))
        }
        let collateralConfidences = portfolio.collateral.map { $0.confidence ?? 1 }

        // Scenarios.
        try checkShockDenominators(expiries)
        let unshocked = expiries.map { $0.markToMarket() }
        let staticDiscounts = expiries.map(staticDiscount)
        var losses: [DerivePMRM2Breakdown.ScenarioLoss] = []
        for scenario in parameters.scenarios {
            var pnl = 0.0
            for (index, group) in expiries.enumerated() {
                // A skew scenario reshapes the vols at the unshocked forward; its spot shock moves
                // only the perps and the risk-cancelling collateral below.
                let optionShock = scenario.volShockDirection.isSkew ? 1 : scenario.spotShock
                var shocked = group.markToMarket(shock: optionShock) { vol(for: $0, in: group, direction: scenario.volShockDirection) }
                shocked *= shocked >= 0 ? staticDiscounts[index].positive : staticDiscounts[index].negative
                var expiryPnl = (shocked - unshocked[index]) * scenario.dampeningFactor
                if scenario.volShockDirection.isSkew { expiryPnl = -abs(expiryPnl) }
                pnl += expiryPnl
            }
            pnl += perpSize * (scenario.spotShock - 1) * perpPrice * scenario.dampeningFactor
            for holding in collateral where holding.movesWith != nil {
                pnl += holding.value * (scenario.spotShock - 1) * scenario.dampeningFactor
            }
            let kind: DerivePMRM2Breakdown.ScenarioKind = scenario.volShockDirection.isSkew
                ? .skew : (scenario.dampeningFactor != 1 ? .tail : .regular)
            losses.append(.init(scenario: scenario, kind: kind, pnl: pnl))
        }

        // Basis contingency: spot up and down, no vol shock, no static discount.
        let basis = parameters.basisContingency
        var expiryBreakdowns: [DerivePMRM2Breakdown.Expiry] = []
        var basisContingency = 0.0
        for (index, group) in expiries.enumerated() {
            let up = group.markToMarket(shock: basis.SCENARIO_SPOT_UP) - unshocked[index]
            let down = group.markToMarket(shock: basis.SCENARIO_SPOT_DOWN) - unshocked[index]
            let contingency = min(up, down, 0) * (basis.BASIS_CONT_ADD_FACTOR + basis.BASIS_CONT_MULT_FACTOR * group.tau)
            basisContingency += contingency
            expiryBreakdowns.append(.init(expiry: group.expiry, secondsToExpiry: group.seconds, markToMarket: unshocked[index],
                                          staticDiscountPositive: staticDiscounts[index].positive,
                                          staticDiscountNegative: staticDiscounts[index].negative, basisContingency: contingency))
        }
        var worst = basisContingency
        var worstScenario: Int?
        for (index, loss) in losses.enumerated() where loss.pnl < worst {
            worst = loss.pnl
            worstScenario = index
        }

        // Contingencies.
        let other = parameters.otherContingency
        func confidenceCharge(_ confidence: Double, _ notional: Double) -> Double {
            confidence < other.CONF_THRESHOLD ? (1 - confidence) * other.CONF_MARGIN * notional : 0
        }
        var maintenancePerp = 0.0, initialPerp = 0.0, confidence = 0.0
        var minimumConfidence = spotConfidence
        if perpSize != 0 {
            let notional = abs(perpSize) * spot
            minimumConfidence = min(spotConfidence, perpConfidence)
            maintenancePerp = notional * other.MM_PERP_PERCENT
            let charge = confidenceCharge(minimumConfidence, notional)
            initialPerp = notional * other.IM_PERP_PERCENT + charge
            confidence += charge
        }
        var maintenanceOption = 0.0, initialOption = 0.0
        for group in expiries {
            var byStrike: [Double: (short: Double, long: Double)] = [:]
            var notional = 0.0
            for option in group.options {
                if option.size < 0 { byStrike[option.strike, default: (0, 0)].short -= option.size } else {
                    byStrike[option.strike, default: (0, 0)].long += option.size
                }
                notional += abs(option.size) * spot
            }
            let naked = byStrike.values.reduce(0) { $0 + max(0, $1.short - $1.long) }
            maintenanceOption += naked * spot * other.MM_OPTION_PERCENT
            let charge = confidenceCharge(min(group.forwardConfidence, group.rateConfidence, group.volConfidence, minimumConfidence), notional)
            initialOption += naked * spot * other.IM_OPTION_PERCENT + charge
            confidence += charge
        }
        var maintenanceCollateral = 0.0, initialCollateral = 0.0
        for (holding, holdingConfidence) in zip(collateral, collateralConfidences) {
            maintenanceCollateral += holding.value * holding.haircut
            let charge = confidenceCharge(min(holdingConfidence, spotConfidence), holding.value)
            initialCollateral += holding.value * (holding.initialHaircut - holding.haircut) + charge
            confidence += charge
        }
        let maintenanceContingency = maintenancePerp + maintenanceOption + maintenanceCollateral
        let initialContingency = initialPerp + initialOption + initialCollateral
        let margin = parameters.margin
        let initialLossFactor = margin.IM_LOSS_FACTOR + max(0, other.PEG_LOSS_THRESHOLD - stablePrice) * other.PEG_LOSS_FACTOR

        let optionsValue = unshocked.reduce(0, +)
        let collateralValue = collateral.reduce(0) { $0 + $1.value }
        let unrealizedPnl = perpPnl + perpFunding
        let breakdown = DerivePMRM2Breakdown(
            underlying: underlying, scenarios: losses, expiries: expiryBreakdowns, basisContingency: basisContingency,
            worst: worst, worstScenario: worstScenario, maintenanceLossFactor: margin.MM_LOSS_FACTOR,
            initialLossFactor: initialLossFactor, stablePrice: stablePrice,
            maintenancePerpContingency: maintenancePerp, maintenanceOptionContingency: maintenanceOption,
            maintenanceCollateralContingency: maintenanceCollateral, initialPerpContingency: initialPerp,
            initialOptionContingency: initialOption, initialCollateralContingency: initialCollateral,
            confidenceContingency: confidence)
        return MarginResult(
            mode: .portfolio, asOf: asOf, equity: portfolio.cash + optionsValue + collateralValue + unrealizedPnl,
            cash: portfolio.cash, collateralValue: collateralValue, optionsValue: optionsValue, unrealizedPnl: unrealizedPnl,
            initialMargin: initialContingency + maintenanceContingency - initialLossFactor * worst,
            maintenanceMargin: maintenanceContingency - margin.MM_LOSS_FACTOR * worst,
            breakdown: .derivePMRM2(breakdown), positions: valuations, collateral: collateral,
            greeks: underlying.map { [$0: greeks] } ?? [:], parametersVersion: version)
    }

    /// With no positions, the underlying is the one market entry that is not the cash asset (if exactly one).
    private func inferredUnderlying(_ market: MarketData) -> String? {
        let candidates = market.assets.keys.filter { $0 != stableAsset }
        return candidates.count == 1 ? candidates.first : nil
    }

    private func expiryGroup(_ expiry: Timestamp, asOf: Timestamp, market: AssetMarket) -> ExpiryGroup {
        let seconds = max(expiry.secondsSinceEpoch - asOf.secondsSinceEpoch, 0)
        let tau = Double(seconds) / Timestamp.secondsPerYear
        let feed = market.expiryMarket(expiry)
        let rate = max(feed.rate, 0)
        let split = seconds < DerivePMRM2Margin.forwardSplitSeconds
        let window = Double(DerivePMRM2Margin.forwardSplitSeconds)
        return ExpiryGroup(expiry: expiry, seconds: seconds, tau: tau, rate: rate, discount: exp(-rate * tau), forward: feed.forward,
                           fixedForward: split ? feed.forward * (window - Double(seconds)) / window : 0,
                           variableForward: split ? feed.forward * Double(seconds) / window : feed.forward,
                           forwardConfidence: feed.forwardConfidence ?? 1, rateConfidence: feed.rateConfidence ?? 1,
                           volConfidence: feed.volConfidence ?? 1)
    }

    private func staticDiscount(_ group: ExpiryGroup) -> (positive: Double, negative: Double) {
        let margin = parameters.margin
        let positive = margin.BASE_STATIC_DISCOUNT * exp(-group.tau * (group.rate * margin.LONG_RATE_MULTSCALE + margin.LONG_RATE_ADDSCALE))
        let negative = min(1 / group.discount,
                           margin.BASE_STATIC_DISCOUNT_NEG / exp(-group.tau * (group.rate * margin.SHORT_RATE_MULTSCALE + margin.SHORT_RATE_ADDSCALE)))
        return (positive, negative)
    }

    /// Zero is a valid DTE_FLOOR and MIN_K_STAR; what is refused is a divisor they leave at
    /// zero or below for an expiry a scenario shocks: the vol shock's time for an option at
    /// expiry, or the skew's kStar.
    private func checkShockDenominators(_ expiries: [ExpiryGroup]) throws(RiskError) {
        let directions = Set(parameters.scenarios.map(\.volShockDirection))
        for group in expiries {
            if directions.contains(.up) || directions.contains(.down),
               max(Double(group.seconds), parameters.volShock.DTE_FLOOR * DerivePMRM2Margin.secondsPerDay) <= 0 {
                throw .invalidParameters([ValidationIssue(field: "VolShock.DTE_FLOOR",
                                                reason: "must be greater than 0 while an option is at expiry (\(group.expiry.iso8601)): the vol shock would divide by zero")])
            }
            if directions.contains(.linear) || directions.contains(.abs), kStar(group) <= 0 {
                throw .invalidParameters([ValidationIssue(field: "SkewShock.MIN_K_STAR",
                                                reason: "must be greater than 0 where the width term is 0 (expiry \(group.expiry.iso8601)): the skew shock would divide by zero")])
            }
        }
    }

    private func kStar(_ group: ExpiryGroup) -> Double {
        let skew = parameters.skewShock
        let rootTau = group.tau.squareRoot()
        let volParameter = skew.VOL_PARAM_STATIC + rootTau * skew.VOL_PARAM_SCALE
        return max(skew.MIN_K_STAR, rootTau * skew.MIN_WIDTH_SCALE * volParameter)
    }

    /// The shocked volatility of an option under a scenario direction.
    private func vol(for option: Option, in group: ExpiryGroup, direction: DerivePMRM2Parameters.VolShockDirection) -> Double {
        let shock = parameters.volShock
        switch direction {
        case .none:
            return option.markVol
        case .up, .down:
            let thirtyDays = 30 * DerivePMRM2Margin.secondsPerDay
            let t30 = thirtyDays / max(Double(group.seconds), shock.DTE_FLOOR * DerivePMRM2Margin.secondsPerDay)
            let power = Double(group.seconds) <= thirtyDays ? shock.SHORTTERMPOWER : shock.LONGTERMPOWER
            let multiplier = pow(t30, power)
            if direction == .up {
                return max(shock.MIN_VOL_EVAL_SHOCKED, option.markVol * (1 + shock.VOLRANGEUP * multiplier))
            }
            return option.markVol * max(0, 1 - shock.VOLRANGEDOWN * multiplier)
        case .linear, .abs:
            let skew = parameters.skewShock
            var k = log(option.strike / group.forward)
            if direction == .abs { k = abs(k) }
            let (scaleCap, base) = direction == .linear ? (skew.LINEAR_SCALE_CAP, skew.LINEAR_CBASE) : (skew.ABS_SCALE_CAP, skew.ABS_CBASE)
            let cap = base * group.tau.squareRoot() + scaleCap
            let multiplier = 1 + min(max(k * cap / kStar(group), -cap), cap)
            return option.markVol * max(multiplier, 0)
        }
    }
}
