/// The `standard` methodology: values a portfolio and margins it in the chosen mode.
/// The single entry point every endpoint uses.
public struct StandardMethodology: Sendable {
    public static let profileName = "standard"

    public let parameters: RiskParameters
    /// SHA-256 of the canonical parameter set, and the version derived from it, computed once:
    /// every result names them.
    public let hash: String
    public let version: String
    private let parameterIssues: [ValidationIssue]
    /// Prices the scenario engine's vector path; the figures are the same from every kernel.
    public let kernel: ScenarioKernel

    public init(parameters: RiskParameters = .standardDefaults, kernel: ScenarioKernel = .baseline) {
        self.parameters = parameters
        self.kernel = kernel
        self.hash = parameters.hash
        self.version = String(hash.prefix(16))
        self.parameterIssues = parameters.validationIssues()
    }

    /// Whether the parameter set validates (a margin otherwise throws `.invalidParameters`).
    public var parametersAreValid: Bool { parameterIssues.isEmpty }

    /// Margins `portfolio` at `market` and `asOf`.
    ///
    /// - Throws: `RiskError.invalid` naming every bad field, or `.missingMarketData` naming the asset.
    public func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp, mode: MarginMode,
                       grid: ScenarioGrid? = nil) throws(RiskError) -> MarginResult {
        guard parameterIssues.isEmpty else {
            throw .invalidParameters(parameterIssues)
        }
        if let grid {
            let gridIssues = grid.validationIssues()
            guard gridIssues.isEmpty else { throw .invalid(gridIssues.map { $0.nested(under: "grid") }) }
        }
        let scenarioUnderlyings: Set<String> = mode == .portfolio ? Set(portfolio.underlyings) : []
        let valued = try PortfolioValuer(parameters: parameters)
            .value(portfolio, market: market, asOf: asOf, scenarioUnderlyings: scenarioUnderlyings)
        switch mode {
        case .isolated: return IsolatedMargin(parameters: parameters, parametersVersion: version).margin(valued)
        case .cross: return CrossMargin(parameters: parameters, parametersVersion: version).margin(valued)
        case .portfolio: return PortfolioMargin(parameters: parameters, gridOverride: grid, parametersVersion: version, kernel: kernel)
            .margin(valued)
        }
    }
}
