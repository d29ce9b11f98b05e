/// Deribit's own form: `{"modelParams": {"currency_pair": {"btc_usd": {...}}, "currency":
/// {"btc": {...}, "usd": {...}}, "general": {...}}}`, snake_case as Deribit publishes it, so
/// that its `model_params` object can be given verbatim under `methodology.parameters`.
extension DeribitPMParameters: Codable {
    private enum RootKeys: String, CodingKey { case modelParams }
    private enum GroupKeys: String, CodingKey {
        case currencyPair = "currency_pair", currency, general
    }
    private enum GeneralKeys: String, CodingKey {
        case mmFactor = "mm_factor", mInc = "m_inc"
    }

    public init(from decoder: any Decoder) throws {
        let groups = try decoder.container(keyedBy: RootKeys.self).nestedContainer(keyedBy: GroupKeys.self, forKey: .modelParams)
        var pairs: [String: CurrencyPair] = [:]
        for (key, pair) in try groups.decodeIfPresent([String: CurrencyPair].self, forKey: .currencyPair) ?? [:] {
            guard let underlying = DeribitPMParameters.underlying(ofPair: key) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [GroupKeys.currencyPair], debugDescription: "'\(key)' is not a currency pair like btc_usd"))
            }
            pairs[underlying] = pair
        }
        let currencies = try groups.decodeIfPresent([String: Currency].self, forKey: .currency) ?? [:]
        self.init(currencyPairs: pairs, currencies: Dictionary(uniqueKeysWithValues: currencies.map { ($0.key.uppercased(), $0.value) }))
        if let general = try? groups.nestedContainer(keyedBy: GeneralKeys.self, forKey: .general) {
            mmFactor = try general.decodeIfPresent(Double.self, forKey: .mmFactor) ?? mmFactor
            mInc = try general.decodeIfPresent(Double.self, forKey: .mInc) ?? mInc
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var root = encoder.container(keyedBy: RootKeys.self)
        var groups = root.nestedContainer(keyedBy: GroupKeys.self, forKey: .modelParams)
        try groups.encode(Dictionary(uniqueKeysWithValues: currencyPairs.map { (Self.pairKey($0.key), $0.value) }), forKey: .currencyPair)
        try groups.encode(Dictionary(uniqueKeysWithValues: currencies.map { ($0.key.lowercased(), $0.value) }), forKey: .currency)
        var general = groups.nestedContainer(keyedBy: GeneralKeys.self, forKey: .general)
        try general.encode(mmFactor, forKey: .mmFactor)
        try general.encode(mInc, forKey: .mInc)
    }
}

extension DeribitPMParameters.CurrencyPair: Codable {
    private enum Keys: String, CodingKey {
        case priceRange = "price_range", bucketsCount = "buckets_count", volScenariosCount = "vol_scenarios_count"
        case volatilityRangeUp = "volatility_range_up", volatilityRangeDown = "volatility_range_down"
        case shortTermVegaPower = "short_term_vega_power", longTermVegaPower = "long_term_vega_power"
        case minVolatilityForShockUp = "min_volatility_for_shock_up", extendedTableFactor = "extended_table_factor"
        case maxDeltaShock = "max_delta_shock", deltaTotalLiqShockThreshold = "delta_total_liq_shock_threshold"
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: Keys.self)
        self.init(priceRange: try keys.decode(Double.self, forKey: .priceRange))
        bucketsCount = try keys.decodeIfPresent(Int.self, forKey: .bucketsCount) ?? bucketsCount
        volScenariosCount = try keys.decodeIfPresent(Int.self, forKey: .volScenariosCount) ?? volScenariosCount
        volatilityRangeUp = try keys.decodeIfPresent(Double.self, forKey: .volatilityRangeUp) ?? volatilityRangeUp
        volatilityRangeDown = try keys.decodeIfPresent(Double.self, forKey: .volatilityRangeDown) ?? volatilityRangeDown
        shortTermVegaPower = try keys.decodeIfPresent(Double.self, forKey: .shortTermVegaPower) ?? shortTermVegaPower
        longTermVegaPower = try keys.decodeIfPresent(Double.self, forKey: .longTermVegaPower) ?? longTermVegaPower
        minVolatilityForShockUp = try keys.decodeIfPresent(Double.self, forKey: .minVolatilityForShockUp) ?? minVolatilityForShockUp
        extendedTableFactor = try keys.decodeIfPresent(Double.self, forKey: .extendedTableFactor) ?? extendedTableFactor
        maxDeltaShock = try keys.decodeIfPresent(Double.self, forKey: .maxDeltaShock) ?? maxDeltaShock
        deltaTotalLiqShockThreshold = try keys.decodeIfPresent(Double.self, forKey: .deltaTotalLiqShockThreshold) ?? deltaTotalLiqShockThreshold
    }

    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: Keys.self)
        try keys.encode(priceRange, forKey: .priceRange)
        try keys.encode(bucketsCount, forKey: .bucketsCount)
        try keys.encode(volScenariosCount, forKey: .volScenariosCount)
        try keys.encode(volatilityRangeUp, forKey: .volatilityRangeUp)
        try keys.encode(volatilityRangeDown, forKey: .volatilityRangeDown)
        try keys.encode(shortTermVegaPower, forKey: .shortTermVegaPower)
        try keys.encode(longTermVegaPower, forKey: .longTermVegaPower)
        try keys.encode(minVolatilityForShockUp, forKey: .minVolatilityForShockUp)
        try keys.encode(extendedTableFactor, forKey: .extendedTableFactor)
        try keys.encode(maxDeltaShock, forKey: .maxDeltaShock)
        try keys.encode(deltaTotalLiqShockThreshold, forKey: .deltaTotalLiqShockThreshold)
    }
}

extension DeribitPMParameters.Currency: Codable {
    private enum Keys: String, CodingKey {
        case extendedDampener = "extended_dampener", pnlOffset = "pnl_offset", maxOffsetablePnl = "max_offsetable_pnl"
        case minAnnualisedMove = "min_annualised_move", annualisedMoveRisk = "annualised_move_risk", haircut
        case equitySideImpact = "equity_side_impact", correlationSet = "correlation_set"
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: Keys.self)
        self.init(extendedDampener: try keys.decode(Double.self, forKey: .extendedDampener),
                  pnlOffset: try keys.decode(Double.self, forKey: .pnlOffset),
                  maxOffsetablePnl: try keys.decode(Double.self, forKey: .maxOffsetablePnl),
                  minAnnualisedMove: try keys.decode(Double.self, forKey: .minAnnualisedMove),
                  annualisedMoveRisk: try keys.decode(Double.self, forKey: .annualisedMoveRisk))
        haircut = try keys.decodeIfPresent(Double.self, forKey: .haircut) ?? haircut
        equitySideImpact = try keys.decodeIfPresent(String.self, forKey: .equitySideImpact) ?? equitySideImpact
        correlationSet = try keys.decodeIfPresent(Bool.self, forKey: .correlationSet) ?? correlationSet
    }

    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: Keys.self)
        try keys.encode(extendedDampener, forKey: .extendedDampener)
        try keys.encode(pnlOffset, forKey: .pnlOffset)
        try keys.encode(maxOffsetablePnl, forKey: .maxOffsetablePnl)
        try keys.encode(minAnnualisedMove, forKey: .minAnnualisedMove)
        try keys.encode(annualisedMoveRisk, forKey: .annualisedMoveRisk)
        try keys.encode(haircut, forKey: .haircut)
        try keys.encode(equitySideImpact, forKey: .equitySideImpact)
        try keys.encode(correlationSet, forKey: .correlationSet)
    }
}
