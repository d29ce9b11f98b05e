/// A group of parameters a calibration moves by one scale factor (1 = the value in force).
/// Each raises margin as its factor rises, which the search relies on.
public enum ScaledParameter: String, CaseIterable, Hashable, Sendable {
    /// The portfolio grid's spot range: `spotShocks` and `extremeSpotShocks`.
    case portfolioSpotShocks = "portfolio.spotShocks"
    /// The portfolio grid's `volShocks` and `extremeVolShock`.
    case portfolioVolShocks = "portfolio.volShocks"
    /// Cross mode's k.
    case crossStandardDeviations = "cross.standardDeviations"
    /// Cross mode's `volShockUp` and `volShockDown`.
    case crossVolShocks = "cross.volShocks"
    /// Every isolated rate: option maintenance, initial base and minimum, futures maintenance and initial.
    case isolatedRates = "isolated.rates"
    /// The liquidity buffer's `futuresRate` and `optionsRate`.
    case liquidityRates = "liquidity.rates"
    /// IM = MM x this factor (account-wide, not per underlying).
    case initialMarginFactor

    public var isPerUnderlying: Bool { self != .initialMarginFactor }

    /// `parameters` with this group x `factor`, for `underlying` (nil: every underlying).
    public func scaling(_ parameters: RiskParameters, by factor: Double, underlying: String?) -> RiskParameters {
        var scaled = parameters
        guard isPerUnderlying else {
            scaled.initialMarginFactor *= factor
            return scaled
        }
        for name in scaled.underlyings.keys where underlying == nil || underlying == name {
            scale(&scaled.underlyings[name]!, by: factor)
        }
        return scaled
    }

    private func scale(_ parameters: inout UnderlyingParameters, by factor: Double) {
        switch self {
        case .portfolioSpotShocks:
            parameters.portfolio.spotShocks = parameters.portfolio.spotShocks.map { $0 * factor }
            parameters.portfolio.extremeSpotShocks = parameters.portfolio.extremeSpotShocks.map { $0 * factor }
        case .portfolioVolShocks:
            parameters.portfolio.volShocks = parameters.portfolio.volShocks.map { $0 * factor }
            parameters.portfolio.extremeVolShock *= factor
        case .crossStandardDeviations:
            parameters.cross.standardDeviations *= factor
        case .crossVolShocks:
            parameters.cross.volShockUp *= factor
            parameters.cross.volShockDown *= factor
        case .isolatedRates:
            parameters.isolated.optionMaintenanceRate *= factor
            parameters.isolated.optionInitialBaseRate *= factor
            parameters.isolated.optionInitialMinimumRate *= factor
            parameters.isolated.futuresMaintenanceRate *= factor
            parameters.isolated.futuresInitialRate *= factor
        case .liquidityRates:
            parameters.liquidity.futuresRate *= factor
            parameters.liquidity.optionsRate *= factor
        case .initialMarginFactor:
            break
        }
    }
}
