import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct MethodologyProfilesTests {
    let profiles = MethodologyProfiles(parameters: .standardDefaults)

    @Test func everyListedNameHasItsProfile() throws {
        for name in MethodologyProfiles.names {
            #expect(type(of: try profiles.profile(name)).profileName == name)
            #expect(profiles.hash(of: name) == (try profiles.profile(name)).hash)
        }
        #expect(profiles.hash(of: StandardMethodology.profileName) == RiskParameters.standardDefaults.hash)
    }

    @Test func anUnknownNameIsAnErrorNamingTheKnownOnes() {
        #expect(throws: RiskError.invalid(field: "methodology.profile",
                                          reason: "unknown profile 'standrd'; known: standard, deribit-pm, derive-pmrm2, derive-srm, span16")) {
            try profiles.margin(Portfolio(cash: 1), market: MarketData(), asOf: Timestamp(secondsSinceEpoch: 0), mode: .portfolio,
                                profile: "standrd")
        }
        #expect(profiles.hash(of: "standrd") == nil)
    }

    @Test func overridesMergeIntoTheProfilesOwnParameters() throws {
        let standard = try profiles.profile(StandardMethodology.profileName)
        let raised = try standard.overriding(JSONObject(pairs: ["initialMarginFactor": .number(1.5)])).get()
        var expected = RiskParameters.standardDefaults
        expected.initialMarginFactor = 1.5
        #expect(raised.hash == expected.hash)
        #expect(throws: RiskError.self) { try standard.overriding(JSONObject(pairs: ["initialMarginFactor": .string("high")])).get() }
    }
}
