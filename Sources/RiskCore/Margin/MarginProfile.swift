/// A methodology profile: a parameter set, its hash, and a margin computation over it.
/// The API runs every profile the same way through this.
public protocol MarginProfile: Sendable {
    associatedtype Parameters: Codable & Sendable

    static var profileName: String { get }
    var parameters: Parameters { get }
    /// SHA-256 of the canonical parameter set.
    var hash: String { get }

    /// The same profile over other parameters.
    func with(parameters: Parameters) -> Self
    /// What is wrong with a parameter set, each issue named by its path.
    static func validationIssues(of parameters: Parameters) -> [ValidationIssue]
    /// Margins the portfolio. Profiles other than `standard` are portfolio-mode only and ignore `mode` and `grid`.
    func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp, mode: MarginMode,
                grid: ScenarioGrid?) throws(RiskError) -> MarginResult
}

/// A profile that margins in portfolio mode only: it has no use for `mode` or `grid`.
public protocol PortfolioModeProfile: MarginProfile {
    func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp) throws(RiskError) -> MarginResult
}

extension PortfolioModeProfile {
    public func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp, mode: MarginMode,
                       grid: ScenarioGrid?) throws(RiskError) -> MarginResult {
        try margin(portfolio, market: market, asOf: asOf)
    }
}

extension StandardMethodology: MarginProfile {
    public func with(parameters: RiskParameters) -> StandardMethodology {
        StandardMethodology(parameters: parameters, kernel: kernel)
    }
    public static func validationIssues(of parameters: RiskParameters) -> [ValidationIssue] { parameters.validationIssues() }
}

extension DerivePMRM2Margin: PortfolioModeProfile {
    public func with(parameters: DerivePMRM2Parameters) -> DerivePMRM2Margin {
        DerivePMRM2Margin(parameters: parameters, stableAsset: stableAsset)
    }
    public static func validationIssues(of parameters: DerivePMRM2Parameters) -> [ValidationIssue] { parameters.validationIssues() }
}

extension DeriveSRMMargin: PortfolioModeProfile {
    public func with(parameters: DeriveSRMParameters) -> DeriveSRMMargin {
        DeriveSRMMargin(parameters: parameters, registry: registry, stableAsset: stableAsset)
    }
    public static func validationIssues(of parameters: DeriveSRMParameters) -> [ValidationIssue] { parameters.validationIssues() }
}

extension DeribitPMMargin: PortfolioModeProfile {
    public func with(parameters: DeribitPMParameters) -> DeribitPMMargin { DeribitPMMargin(parameters: parameters, standard: standard) }
    public static func validationIssues(of parameters: DeribitPMParameters) -> [ValidationIssue] { parameters.validationIssues() }
}

extension Span16Margin: PortfolioModeProfile {
    public func with(parameters: Span16Parameters) -> Span16Margin {
        Span16Margin(parameters: parameters, standard: standard, kernel: kernel)
    }
    public static func validationIssues(of parameters: Span16Parameters) -> [ValidationIssue] { parameters.validationIssues() }
}

extension Portfolio {
    /// Positions on underlyings a profile has no parameters for, each named at `positions[i].underlying`.
    public func unknownUnderlyingIssues(known: Set<String>, profile: String, missing: String) -> [ValidationIssue] {
        let list = known.sorted().joined(separator: ", ")
        return positions.enumerated().compactMap { index, position in
            let underlying = position.instrument.underlying
            guard Instrument.isValidUnderlying(underlying), !known.contains(underlying) else { return nil }
            return ValidationIssue(field: "positions[\(index)].underlying",
                                   reason: "\(profile) has no \(missing) for '\(underlying)'; known: \(list)")
        }
    }

    /// How the portfolio-mode scenario profiles (deribit-pm, span16) begin: their parameters'
    /// issues and positions on underlyings they have no `missing` for are refused, then the
    /// portfolio is valued with the standard parameters and every underlying's scenarios.
    func valuedForScenarios(profile: String, parameterIssues: [ValidationIssue], known: Set<String>, missing: String,
                            standard: RiskParameters, market: MarketData, asOf: Timestamp) throws(RiskError) -> ValuedPortfolio {
        guard parameterIssues.isEmpty else { throw .invalidParameters(parameterIssues) }
        let issues = unknownUnderlyingIssues(known: known, profile: profile, missing: missing)
        guard issues.isEmpty else { throw .invalid(issues) }
        return try PortfolioValuer(parameters: standard).value(self, market: market, asOf: asOf, scenarioUnderlyings: Set(underlyings))
    }
}
