import Foundation

/// Derive's Standard Manager (SRM), as the profile `derive-srm` (docs/DERIVE-SRM.md gives
/// every formula). Each market (underlying) is margined alone and the markets are summed
/// with cash; options offset only within an expiry, where the better of their isolated
/// margins and the book's maximum loss at settlement applies.
///
/// Derive states MM and IM as surpluses; here `equity = MtM` (cash included),
/// `maintenanceMargin = MtM - MM` and `initialMargin = MtM - IM`, so Derive's
/// MM = equity - maintenanceMargin and IM = equity - initialMargin.
public struct DeriveSRMMargin: Sendable {
    public static let profileName = "derive-srm"

    public let parameters: DeriveSRMParameters
    public let hash: String
    public let version: String
    /// The cash asset; its price is Derive's stable price.
    public let stableAsset: String
    /// The standard parameters' collateral registry: which assets are stablecoins or native.
    let registry: CollateralParameters
    private let parameterIssues: [ValidationIssue]

    public init(parameters: DeriveSRMParameters = .published, standard: RiskParameters = .standardDefaults,
                stableAsset: String = DerivePMRM2Margin.defaultStableAsset) {
        self.init(parameters: parameters, registry: standard.collateral, stableAsset: stableAsset)
    }

    init(parameters: DeriveSRMParameters, registry: CollateralParameters, stableAsset: String) {
        self.parameters = parameters
        self.hash = CanonicalForm.hash(parameters)
        self.version = String(hash.prefix(16))
        self.stableAsset = stableAsset
        self.registry = registry
        self.parameterIssues = parameters.validationIssues()
    }

    static let secondsPerYear = 365 * 86_400.0

    // Long on purpose: Derive's SRM in its own order (per market: options by expiry, perp,
    // base, depeg; then the sum), so each step reads against docs/DERIVE-SRM.md.
    public func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp) throws(RiskError) -> MarginResult {
        guard parameterIssues.isEmpty else { throw .invalidParameters(parameterIssues) }
        // Zero volatility is a price (intrinsic), as on Derive.
        var issues = portfolio.validationIssues(volatilityRule: .nonNegative) + market.validationIssues()
            + portfolio.issuesForLinearProfile(Self.profileName)
        for (index, position) in portfolio.positions.enumerated() where position.instrument.kind == .future {
            issues.append(ValidationIssue(field: "positions[\(index)].kind", reason: "derive-srm has no dated futures: options and perpetuals only"))
        }
        var cash = portfolio.cash
        var bases: [String: Double] = [:]
        for (index, holding) in portfolio.collateral.enumerated() {
            if holding.asset == stableAsset {
                cash += holding.amount
            } else if registry.assets[holding.asset]?.category == .stablecoin {
                issues.append(ValidationIssue(field: "collateral[\(index)].asset",
                                              reason: "is a second stable asset: derive-srm counts only \(stableAsset) as cash"))
            } else if registry.assets[holding.asset]?.category == .native || portfolio.underlyings.contains(holding.asset) {
                if holding.price != nil || holding.haircut != nil || holding.riskCancelling != nil {
                    issues.append(ValidationIssue(field: "collateral[\(index)]",
                                                  reason: "a base asset is valued at its market's spot and margined by baseMarginParams: send only asset and amount"))
                }
                bases[holding.asset, default: 0] += holding.amount
            } else {
                issues.append(ValidationIssue(field: "collateral[\(index)].asset",
                                              reason: "is not a market's base asset: derive-srm takes \(stableAsset) as cash and an underlying's own asset (ETH, BTC, ...) as its base"))
            }
        }
        for (index, position) in portfolio.positions.enumerated() where position.instrument.kind.isOption {
            let instrument = position.instrument
            if let asset = market[instrument.underlying], let expiry = instrument.expiry, asset.expiries[expiry] == nil {
                issues.append(ValidationIssue(field: "market.\(instrument.underlying).expiries.\(expiry.iso8601).forward",
                                              reason: "is required for positions[\(index)]: derive-srm prices every option on its expiry's forward"))
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        guard let stablePrice = market[stableAsset]?.spot else {
            throw .missingMarketData(asset: stableAsset, missing: .spot(asset: stableAsset), reason: "no price for \(stableAsset), the cash asset (Derive's stable price)")
        }
        let depeg = parameters.depegParams
        let depegMultiplier = stablePrice < depeg.threshold ? (depeg.threshold - stablePrice) * depeg.depegFactor : 0

        var markets: [DeriveSRMBreakdown.Market] = []
        var valuations = [PositionValuation?](repeating: nil, count: portfolio.positions.count)
        var markToMarket = cash
        var optionsValue = 0.0, unrealized = 0.0, baseValue = 0.0
        for underlying in Set(portfolio.underlyings).union(bases.keys).sorted() {
            guard let asset = market[underlying] else {
                throw .missingMarketData(asset: underlying, missing: .spot(asset: underlying), reason: "no price for \(underlying)")
            }
            let groups = parameters.market(underlying)
            let spot = asset.spot
            let spotConfidence = asset.spotConfidence ?? 1
            var shortUnits = 0.0

            // Options, by expiry.
            var byExpiry: [Timestamp: [(index: Int, position: Position)]] = [:]
            for (index, position) in portfolio.positions.enumerated()
            where position.instrument.underlying == underlying && position.instrument.kind.isOption {
                byExpiry[position.instrument.expiry!, default: []].append((index, position))
            }
            var expiries: [DeriveSRMBreakdown.Expiry] = []
            for expiry in byExpiry.keys.sorted() {
                let point = asset.expiries[expiry]!
                var options: [Option] = []
                for (index, position) in byExpiry[expiry]! {
                    guard let volatility = position.markIv ?? asset.atmVolatility else {
                        throw .missingMarketData(asset: underlying, missing: .volatility(position: index),
                                                 reason: "no mark IV for \(position.instrument) and no ATM volatility")
                    }
                    let seconds = max(0, Double(expiry.secondsSinceEpoch - asOf.secondsSinceEpoch))
                    let option = Option(size: position.size, isCall: position.instrument.kind == .call, strike: position.instrument.strike!,
                                        price: Self.price(isCall: position.instrument.kind == .call, forward: point.forward,
                                                          strike: position.instrument.strike!, volatility: volatility, seconds: seconds))
                    options.append(option)
                    optionsValue += option.markToMarket
                    valuations[index] = valuation(position, option, spot: spot, forward: point.forward, volatility: volatility, seconds: seconds)
                }
                var result = expiryMargin(options, expiry: expiry, forward: point.forward, spot: spot, option: groups.option)
                let shorts = options.reduce(0) { $0 + max(0, -$1.size) }
                shortUnits += shorts
                let confidence = min(spotConfidence, point.forwardConfidence ?? 1, point.volConfidence ?? 1)
                result.confidenceCharge = Self.confidenceCharge(confidence, threshold: groups.oracle.optionThreshold,
                                                                factor: groups.oracle.OCFactor, notional: spot * shorts)
                expiries.append(result)
            }

            // The perpetual: charges on its own mark, unsettled P&L and funding in everything.
            var perpSize = 0.0, unsettled = 0.0
            let perpPrice = asset.perpPrice ?? spot
            for (index, position) in portfolio.positions.enumerated()
            where position.instrument.underlying == underlying && position.instrument.kind == .perpetual {
                let pnl = position.unrealizedPnl ?? position.entryPrice.map { (perpPrice - $0) * position.size } ?? 0
                let value = pnl + (position.unrealizedFunding ?? 0)
                perpSize += position.size
                unsettled += value
                valuations[index] = PositionValuation(instrument: position.instrument, size: position.size, markPrice: perpPrice, value: value,
                                                      delta: position.size, gamma: 0, vega: 0, theta: 0, spot: spot, forward: perpPrice,
                                                      rate: 0, volatility: nil, timeToExpiry: nil)
            }
            let perpNotional = abs(perpSize) * perpPrice
            let perpConfidence = Self.confidenceCharge(min(asset.perpConfidence ?? 1, spotConfidence), threshold: groups.oracle.perpThreshold,
                                                       factor: groups.oracle.OCFactor, notional: abs(perpSize) * spot)

            // The base asset: a share of its notional as credit.
            let baseUnits = bases[underlying] ?? 0
            let baseNotional = baseUnits * spot
            let baseMaintenance = baseNotional * groups.base.marginFactor
            let baseInitial = baseMaintenance * groups.base.IMScale
            let baseConfidence = baseInitial != 0
                ? Self.confidenceCharge(spotConfidence, threshold: groups.oracle.baseThreshold, factor: groups.oracle.OCFactor, notional: baseNotional)
                : 0
            let depegCharge = depegMultiplier * spot * (abs(perpSize) + shortUnits)

            let perpMaintenance = -perpNotional * groups.perp.mmPerpReq
            let perpInitial = -perpNotional * groups.perp.imPerpReq
            let maintenance = perpMaintenance + unsettled + expiries.reduce(0) { $0 + $1.maintenance } + baseMaintenance
            let initial = perpInitial + unsettled + expiries.reduce(0) { $0 + $1.initial - $1.confidenceCharge }
                + baseInitial - baseConfidence - depegCharge - perpConfidence
            markets.append(.init(underlying: underlying, spot: spot, expiries: expiries, perpSize: perpSize, perpMaintenance: perpMaintenance,
                                 perpInitial: perpInitial, perpUnsettled: unsettled, perpConfidenceCharge: perpConfidence,
                                 baseUnits: baseUnits, baseMaintenance: baseMaintenance, baseInitial: baseInitial,
                                 baseConfidenceCharge: baseConfidence, depegCharge: depegCharge, maintenance: maintenance, initial: initial))
            unrealized += unsettled
            baseValue += baseNotional / stablePrice
        }
        markToMarket += optionsValue + unrealized + baseValue
        let maintenance = markets.reduce(cash) { $0 + $1.maintenance }
        let initial = markets.reduce(cash) { $0 + $1.initial }
        let collateral = portfolio.collateral.map { holding -> CollateralValuation in
            let price = holding.asset == stableAsset ? 1 : (market[holding.asset]?.spot ?? 0) / stablePrice
            return CollateralValuation(asset: holding.asset, amount: holding.amount, price: price, marketValue: holding.amount * price, haircut: 0,
                                       components: nil, initialHaircut: 0, value: holding.amount * price, movesWith: nil)
        }
        let breakdown = DeriveSRMBreakdown(markets: markets, cash: cash, stablePrice: stablePrice, depegMultiplier: depegMultiplier,
                                           maintenance: maintenance, initial: initial, markToMarket: markToMarket)
        return MarginResult(mode: .portfolio, asOf: asOf, equity: markToMarket, cash: portfolio.cash,
                            collateralValue: collateral.reduce(0) { $0 + $1.value }, optionsValue: optionsValue, unrealizedPnl: unrealized,
                            initialMargin: markToMarket - initial, maintenanceMargin: markToMarket - maintenance,
                            breakdown: .deriveSRM(breakdown), positions: valuations.compactMap { $0 }, collateral: collateral,
                            greeks: [:], parametersVersion: version)
    }
}
