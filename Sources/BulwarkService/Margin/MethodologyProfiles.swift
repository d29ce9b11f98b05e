import RiskCore
import ScenarioKernels

/// Every methodology profile over one parameter set, by name: the one table that requests,
/// stored accounts, the monitor and the backtest look a profile up in. An unknown name is an
/// error everywhere.
struct MethodologyProfiles: Sendable {
    /// Every profile a request may name, in the order the API lists them.
    static let names = [StandardMethodology.profileName, DeribitPMMargin.profileName, DerivePMRM2Margin.profileName,
                        DeriveSRMMargin.profileName, Span16Margin.profileName]

    /// The standard methodology: the default profile, and the one the other portfolio-mode
    /// profiles value positions with.
    let standard: StandardMethodology
    private let table: [String: any MarginProfile]

    /// `kernel` defaults to the widest this processor runs: faster, and the same figures.
    init(parameters: RiskParameters, kernel: ScenarioKernel = ScenarioKernels.fastest) {
        standard = StandardMethodology(parameters: parameters, kernel: kernel)
        let profiles: [any MarginProfile] = [standard, DeribitPMMargin(standard: parameters), DerivePMRM2Margin(),
                                             DeriveSRMMargin(standard: parameters), Span16Margin(standard: parameters, kernel: kernel)]
        table = Dictionary(uniqueKeysWithValues: profiles.map { (type(of: $0).profileName, $0) })
    }

    /// The profile called `name`.
    func profile(_ name: String) throws(RiskError) -> any MarginProfile {
        guard let profile = table[name] else {
            throw .invalid(field: "methodology.profile", reason: "unknown profile '\(name)'; known: \(Self.names.joined(separator: ", "))")
        }
        return profile
    }

    /// Margins a stored account by its own profile and mode.
    func margin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp, mode: MarginMode,
                profile name: String) throws(RiskError) -> MarginResult {
        try profile(name).margin(portfolio, market: market, asOf: asOf, mode: mode, grid: nil)
    }

    /// The parameter hash of a profile (an unknown name has none).
    func hash(of name: String) -> String? { table[name]?.hash }
}
