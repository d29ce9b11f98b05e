/// Parameters of the `deribit-pm` profile: Deribit's portfolio margin `model_params`, in its
/// own grouping (docs/DERIBIT-PM.md says which are published and which figures are dated).
///
/// `currency_pair` terms shape each underlying's risk matrix, `currency` terms belong to a
/// settlement currency (the coin, or `usd` for linear instruments), `general` to the model.
public struct DeribitPMParameters: Hashable, Sendable {
    /// One currency pair's risk matrix (`btc_usd`), keyed by its underlying (`BTC`).
    public struct CurrencyPair: Hashable, Sendable {
        /// The matrix spans spot -priceRange to +priceRange (`price_range`).
        public var priceRange: Double
        /// Price points on each side of zero (`buckets_count`): 9 points with 4.
        public var bucketsCount: Int = 4
        /// Up, unchanged and down (`vol_scenarios_count`); only 3 is Deribit's published form.
        public var volScenariosCount: Int = 3
        public var volatilityRangeUp: Double = 0.5
        public var volatilityRangeDown: Double = 0.25
        public var shortTermVegaPower: Double = 0.3
        public var longTermVegaPower: Double = 0.13
        /// The volatility an up shock starts from is at least this (Bulwark's reading).
        public var minVolatilityForShockUp: Double = 0.5
        /// The fraction of the extended table's option P&L that counts (a stand-in's reading).
        public var extendedTableFactor: Double = 1
        /// The delta shock: up to this fraction of the net delta's USD value beyond the threshold (stand-in).
        public var maxDeltaShock: Double = 0.1
        /// Below this net delta, in USD, there is no delta shock (`delta_total_liq_shock_threshold`).
        public var deltaTotalLiqShockThreshold: Double = 20_000_000

        public init(priceRange: Double) {
            self.priceRange = priceRange
        }
    }

    /// One settlement currency's terms (`btc`, `eth`, `usd`).
    public struct Currency: Hashable, Sendable {
        /// The extended table's P&L up to this much USD counts as nothing (a stand-in's reading).
        public var extendedDampener: Double
        /// Profits count at this fraction, after summing the instruments (`pnl_offset`).
        public var pnlOffset: Double
        /// At most this much profit, in the currency, is offset (a stand-in's reading).
        public var maxOffsetablePnl: Double
        /// Roll shock floor per unit of coin size, and the rate per year to expiry (`min_annualised_move`, `annualised_move_risk`).
        public var minAnnualisedMove: Double
        public var annualisedMoveRisk: Double
        /// Published with the rest, meaning unpublished or 0 in both examples: kept, not applied (docs/DERIBIT-PM.md).
        public var haircut: Double = 0
        public var equitySideImpact = "both"
        public var correlationSet = false

        public init(extendedDampener: Double, pnlOffset: Double, maxOffsetablePnl: Double, minAnnualisedMove: Double,
                    annualisedMoveRisk: Double) {
            self.extendedDampener = extendedDampener
            self.pnlOffset = pnlOffset
            self.maxOffsetablePnl = maxOffsetablePnl
            self.minAnnualisedMove = minAnnualisedMove
            self.annualisedMoveRisk = annualisedMoveRisk
        }
    }

    public var currencyPairs: [String: CurrencyPair]
    /// Keyed by upper-case code: `BTC`, `ETH`, `USD` (linear instruments).
    public var currencies: [String: Currency]
    /// MM = mmFactor x the risk-matrix margin (`mm_factor`).
    public var mmFactor: Double = 0.8
    /// Per unit of coin size, the standard margin's size add-on (`m_inc`); kept, not used by PM.
    public var mInc: Double = 0.00005

    public init(currencyPairs: [String: CurrencyPair], currencies: [String: Currency]) {
        self.currencyPairs = currencyPairs
        self.currencies = currencies
    }

    /// The extended table's moves, with volatility up (Deribit's list; not a parameter).
    public static let extendedMoves = [-0.66, -0.33, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0]

    /// The published `model_params`: BTC's from the pme/simulate example of 2024-06-17, ETH's and
    /// USD's from the capture of 2026-02-15; SOL's by analogy (Bulwark's, unpublished).
    public static let defaults: DeribitPMParameters = {
        var eth = CurrencyPair(priceRange: 0.18)
        eth.volatilityRangeUp = 0.4
        var parameters = DeribitPMParameters(
            currencyPairs: ["BTC": CurrencyPair(priceRange: 0.16), "ETH": eth, "SOL": CurrencyPair(priceRange: 0.22)],
            currencies: [
                "BTC": Currency(extendedDampener: 100_000, pnlOffset: 0, maxOffsetablePnl: 0, minAnnualisedMove: 0.01, annualisedMoveRisk: 0.075),
                "ETH": Currency(extendedDampener: 200_000, pnlOffset: 0.6, maxOffsetablePnl: 20_000_000, minAnnualisedMove: 0.005,
                                annualisedMoveRisk: 0.05),
                "SOL": Currency(extendedDampener: 200_000, pnlOffset: 0.6, maxOffsetablePnl: 20_000_000, minAnnualisedMove: 0.005,
                                annualisedMoveRisk: 0.05),
                "USD": Currency(extendedDampener: 25_000, pnlOffset: 0.4, maxOffsetablePnl: 1_000_000, minAnnualisedMove: 0.01,
                                annualisedMoveRisk: 0.1),
            ])
        parameters.currencies["USD"]?.equitySideImpact = "none"
        parameters.mInc = 0.00005
        return parameters
    }()

    /// The terms of a settlement currency: the coin's for inverse positions, USD's for linear ones.
    public func currency(settling settlement: Settlement, underlying: String) -> Currency? {
        currencies[settlement == .coin ? underlying : "USD"]
    }

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let general = "modelParams.general"
        if !mmFactor.isFinite || mmFactor <= 0 || mmFactor > 1 {
            issues.append(ValidationIssue(field: "\(general).mm_factor", reason: "must be greater than 0 and at most 1"))
        }
        issues += [ParameterCheck.rate(mInc, "\(general).m_inc")].compactMap { $0 }
        for (symbol, pair) in currencyPairs.sorted(by: { $0.key < $1.key }) {
            let prefix = "modelParams.currency_pair.\(Self.pairKey(symbol))"
            issues += [
                ParameterCheck.positive(pair.priceRange, "\(prefix).price_range", maximum: 0.99),
                ParameterCheck.rate(pair.volatilityRangeUp, "\(prefix).volatility_range_up", maximum: 10),
                ParameterCheck.rate(pair.volatilityRangeDown, "\(prefix).volatility_range_down"),
                ParameterCheck.rate(pair.minVolatilityForShockUp, "\(prefix).min_volatility_for_shock_up", maximum: 100),
                ParameterCheck.rate(pair.shortTermVegaPower, "\(prefix).short_term_vega_power", maximum: 5),
                ParameterCheck.rate(pair.longTermVegaPower, "\(prefix).long_term_vega_power", maximum: 5),
                ParameterCheck.rate(pair.extendedTableFactor, "\(prefix).extended_table_factor"),
                ParameterCheck.rate(pair.maxDeltaShock, "\(prefix).max_delta_shock"),
                ParameterCheck.rate(pair.deltaTotalLiqShockThreshold, "\(prefix).delta_total_liq_shock_threshold", maximum: 1e15),
            ].compactMap { $0 }
            if pair.bucketsCount < 1 || pair.bucketsCount > 100 {
                issues.append(ValidationIssue(field: "\(prefix).buckets_count", reason: "must be from 1 to 100"))
            }
            if pair.volScenariosCount != 3 {
                issues.append(ValidationIssue(field: "\(prefix).vol_scenarios_count", reason: "must be 3: up, unchanged and down (Deribit's published form)"))
            }
        }
        for (code, currency) in currencies.sorted(by: { $0.key < $1.key }) {
            let prefix = "modelParams.currency.\(code.lowercased())"
            issues += [
                ParameterCheck.rate(currency.extendedDampener, "\(prefix).extended_dampener", maximum: 1e15),
                ParameterCheck.rate(currency.pnlOffset, "\(prefix).pnl_offset"),
                ParameterCheck.rate(currency.maxOffsetablePnl, "\(prefix).max_offsetable_pnl", maximum: 1e15),
                ParameterCheck.rate(currency.minAnnualisedMove, "\(prefix).min_annualised_move"),
                ParameterCheck.rate(currency.annualisedMoveRisk, "\(prefix).annualised_move_risk", maximum: 10),
                ParameterCheck.rate(currency.haircut, "\(prefix).haircut"),
            ].compactMap { $0 }
        }
        if currencies["USD"] == nil {
            issues.append(ValidationIssue(field: "modelParams.currency.usd", reason: "is required: the terms of linear (USD-settled) instruments"))
        }
        return issues
    }

    /// Deribit's key of an underlying's pair: `BTC` -> `btc_usd`.
    public static func pairKey(_ underlying: String) -> String { underlying.lowercased() + "_usd" }

    /// The underlying of a pair key: `btc_usd` -> `BTC`, `xrp_usdc` -> `XRP`; nil for a key without a quote.
    public static func underlying(ofPair key: String) -> String? {
        guard let separator = key.lastIndex(of: "_"), separator != key.startIndex else { return nil }
        return key[..<separator].uppercased()
    }
}
