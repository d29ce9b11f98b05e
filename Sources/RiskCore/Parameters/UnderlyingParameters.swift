/// The risk parameters of one underlying, grouped by the mode that uses them.
/// Every default is documented with its reasoning in docs/METHODOLOGY.md.
public struct UnderlyingParameters: Codable, Hashable, Sendable {
    public var isolated: IsolatedParameters
    public var cross: CrossParameters
    public var portfolio: PortfolioParameters
    public var liquidity: LiquidityParameters

    public init(isolated: IsolatedParameters = .init(), cross: CrossParameters, portfolio: PortfolioParameters = .init(),
                liquidity: LiquidityParameters) {
        self.isolated = isolated
        self.cross = cross
        self.portfolio = portfolio
        self.liquidity = liquidity
    }

    public func validationIssues() -> [ValidationIssue] {
        isolated.validationIssues().map { $0.nested(under: "isolated") }
            + cross.validationIssues().map { $0.nested(under: "cross") }
            + portfolio.validationIssues().map { $0.nested(under: "portfolio") }
            + liquidity.validationIssues().map { $0.nested(under: "liquidity") }
    }
}

/// Isolated mode: per-position rates of the spot (docs/METHODOLOGY.md, "Isolated").
public struct IsolatedParameters: Codable, Hashable, Sendable {
    /// Short option maintenance rate: MM = rate x S (puts: max(rate x S, rate x mark)).
    public var optionMaintenanceRate: Double = 0.075
    /// Short option initial rate before the out-of-the-money discount: max(base - OTM/S, minimum).
    public var optionInitialBaseRate: Double = 0.15
    public var optionInitialMinimumRate: Double = 0.10
    public var futuresMaintenanceRate: Double = 0.02
    public var futuresInitialRate: Double = 0.04
    /// Inverse (coin-settled) futures and perpetuals, Deribit's standard margin: IM = (initial
    /// + perCoin x |size|) x |size| coin, MM the same with the maintenance rate (docs/INVERSE.md).
    public var inverseFuturesInitialRate: Double = 0.02
    public var inverseFuturesMaintenanceRate: Double = 0.01
    public var inverseFuturesRatePerCoin: Double = 0.00005

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case optionMaintenanceRate, optionInitialBaseRate, optionInitialMinimumRate, futuresMaintenanceRate, futuresInitialRate
        case inverseFuturesInitialRate, inverseFuturesMaintenanceRate, inverseFuturesRatePerCoin
    }

    /// Every member may be absent (its default): parameter sets stored before a member existed still read.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys, _ fallback: Double) throws -> Double { try keys.decodeIfPresent(Double.self, forKey: key) ?? fallback }
        optionMaintenanceRate = try value(.optionMaintenanceRate, optionMaintenanceRate)
        optionInitialBaseRate = try value(.optionInitialBaseRate, optionInitialBaseRate)
        optionInitialMinimumRate = try value(.optionInitialMinimumRate, optionInitialMinimumRate)
        futuresMaintenanceRate = try value(.futuresMaintenanceRate, futuresMaintenanceRate)
        futuresInitialRate = try value(.futuresInitialRate, futuresInitialRate)
        inverseFuturesInitialRate = try value(.inverseFuturesInitialRate, inverseFuturesInitialRate)
        inverseFuturesMaintenanceRate = try value(.inverseFuturesMaintenanceRate, inverseFuturesMaintenanceRate)
        inverseFuturesRatePerCoin = try value(.inverseFuturesRatePerCoin, inverseFuturesRatePerCoin)
    }

    func validationIssues() -> [ValidationIssue] {
        [ParameterCheck.rate(optionMaintenanceRate, "optionMaintenanceRate"),
         ParameterCheck.rate(optionInitialBaseRate, "optionInitialBaseRate"),
         ParameterCheck.rate(optionInitialMinimumRate, "optionInitialMinimumRate"),
         ParameterCheck.rate(futuresMaintenanceRate, "futuresMaintenanceRate"),
         ParameterCheck.rate(futuresInitialRate, "futuresInitialRate"),
         futuresInitialRate < futuresMaintenanceRate
            ? ValidationIssue(field: "futuresInitialRate", reason: "must be at least futuresMaintenanceRate") : nil,
         ParameterCheck.rate(inverseFuturesInitialRate, "inverseFuturesInitialRate"),
         ParameterCheck.rate(inverseFuturesMaintenanceRate, "inverseFuturesMaintenanceRate"),
         ParameterCheck.rate(inverseFuturesRatePerCoin, "inverseFuturesRatePerCoin"),
         inverseFuturesInitialRate < inverseFuturesMaintenanceRate
            ? ValidationIssue(field: "inverseFuturesInitialRate", reason: "must be at least inverseFuturesMaintenanceRate") : nil,
        ].compactMap { $0 }
    }
}

/// Cross mode: Greeks against a k-sigma move over the liquidation horizon (docs/METHODOLOGY.md, "Cross").
public struct CrossParameters: Codable, Hashable, Sendable {
    /// k: standard deviations of the move.
    public var standardDeviations: Double = 3
    /// h: days the liquidation engine needs to unwind.
    public var liquidationHorizonDays: Double = 1
    /// Relative volatility shocks for the vega buffer (0.25 = vol x 1.25).
    public var volShockUp: Double = 0.25
    public var volShockDown: Double = 0.25
    /// ATM volatility when neither the market nor any option of the underlying gives one.
    public var fallbackVolatility: Double

    public init(fallbackVolatility: Double) {
        self.fallbackVolatility = fallbackVolatility
    }

    func validationIssues() -> [ValidationIssue] {
        [ParameterCheck.positive(standardDeviations, "standardDeviations", maximum: 20),
         ParameterCheck.positive(liquidationHorizonDays, "liquidationHorizonDays", maximum: 365),
         ParameterCheck.rate(volShockUp, "volShockUp", maximum: 10),
         ParameterCheck.rate(volShockDown, "volShockDown", maximum: 1),
         ParameterCheck.positive(fallbackVolatility, "fallbackVolatility", maximum: 100),
        ].compactMap { $0 }
    }
}

/// Portfolio mode: the scenario grid (docs/METHODOLOGY.md, "Portfolio").
public struct PortfolioParameters: Codable, Hashable, Sendable {
    /// Relative spot moves, -10% to +10% in 2.5% steps.
    public var spotShocks: [Double] = [-0.10, -0.075, -0.05, -0.025, 0, 0.025, 0.05, 0.075, 0.10]
    /// Relative volatility moves.
    public var volShocks: [Double] = [-0.20, 0, 0.20]
    /// Extreme spot moves, each taken with the volatility up by `extremeVolShock` and its loss weighted.
    public var extremeSpotShocks: [Double] = [-0.30, 0.30]
    public var extremeVolShock: Double = 0.20
    public var extremeWeight: Double = 0.33
    /// Floor per naked short option: naked size x S x rate.
    public var shortOptionMinimumRate: Double = 0.01

    public init() {}

    public var grid: ScenarioGrid {
        ScenarioGrid(spotShocks: spotShocks, volShocks: volShocks, extremeSpotShocks: extremeSpotShocks,
                     extremeVolShock: extremeVolShock, extremeWeight: extremeWeight)
    }

    func validationIssues() -> [ValidationIssue] {
        grid.validationIssues() + [ParameterCheck.rate(shortOptionMinimumRate, "shortOptionMinimumRate")].compactMap { $0 }
    }
}

/// Liquidity buffer: the expected cost of unwinding, |q| S rate (1 + sqrt(|q| S / depth)).
public struct LiquidityParameters: Codable, Hashable, Sendable {
    public var futuresRate: Double = 0.0005
    public var optionsRate: Double = 0.003
    /// Quote-currency notional the market absorbs at about the base rate.
    public var marketDepth: Double

    public init(marketDepth: Double) {
        self.marketDepth = marketDepth
    }

    func validationIssues() -> [ValidationIssue] {
        [ParameterCheck.rate(futuresRate, "futuresRate"),
         ParameterCheck.rate(optionsRate, "optionsRate"),
         ParameterCheck.positive(marketDepth, "marketDepth", maximum: 1e15),
        ].compactMap { $0 }
    }
}
