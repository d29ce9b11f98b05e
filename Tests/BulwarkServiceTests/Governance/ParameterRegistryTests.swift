import Testing
import RiskCore
@testable import BulwarkService

@Suite struct ParameterRegistryTests {
    @Test func activationReplacesTheSetAndItsProfilesTogether() throws {
        let registry = ParameterRegistry(parameters: .standardDefaults)
        #expect(registry.current.activatedAt == nil && registry.current.proposalID == nil)
        var raised = RiskParameters.standardDefaults
        raised.initialMarginFactor = 1.5
        registry.activate(raised, activatedAt: 42, proposalID: "prop-1")
        let active = registry.current
        #expect(active.parameters == raised && active.activatedAt == 42 && active.proposalID == "prop-1")
        #expect(active.profiles.hash(of: StandardMethodology.profileName) == raised.hash)
        #expect(try active.profiles.profile(DeribitPMMargin.profileName).hash == DeribitPMMargin(standard: raised).hash)
    }
}
