import RiskCore
import ScenarioKernels

/// Every methodology profile over the active parameters, for margining stored accounts.
struct ProfileSet: Sendable {
    let standard: StandardMethodology
    let derivePMRM2: DerivePMRM2Margin
    let deribitPM: DeribitPMMargin
    let span16: Span16Margin

    /// `kernel` defaults to the widest this processor runs: faster, and the same figures.
    init(parameters: RiskParameters, kernel: ScenarioKernel = ScenarioKernels.fastest) {
        standard = StandardMethodology(parameters: parameters, kernel: kernel)
        derivePMRM2 = DerivePMRM2Margin()
        deribitPM = DeribitPMMargin(standard: parameters)
        span16 = Span16Margin(standard: parameters, kernel: kernel)
    }

    /// The parameter hash of a profile.
    func hash(of profile: String) -> String {
        switch profile {
        case DerivePMRM2Margin.profileName: derivePMRM2.hash
        case DeribitPMMargin.profileName: deribitPM.hash
        case Span16Margin.profileName: span16.hash
        default: standard.hash
        }
    }

    /// Margins a stored account by its own profile and mode.
    func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp, mode: MarginMode,
                profile: String) throws(RiskError) -> MarginResult {
        switch profile {
        case DerivePMRM2Margin.profileName: try derivePMRM2.margin(portfolio, market: market, asOf: asOf)
        case DeribitPMMargin.profileName: try deribitPM.margin(portfolio, market: market, asOf: asOf)
        case Span16Margin.profileName: try span16.margin(portfolio, market: market, asOf: asOf)
        default: try standard.margin(portfolio, market: market, asOf: asOf, mode: mode)
        }
    }
}
