import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct ParameterOverridesTests {
    @Test func mergesMemberByMemberAndKeepsTheRest() throws {
        let overrides = JSONObject(pairs: ["underlyings": .object(["BTC": .object(["cross": .object(["standardDeviations": .number(4)])])])])
        let merged = try ParameterOverrides.apply(overrides, to: .standardDefaults).get()
        #expect(merged.underlyings["BTC"]?.cross.standardDeviations == 4)
        #expect(merged.underlyings["ETH"] == RiskParameters.standardDefaults.underlyings["ETH"])
        #expect(merged.initialMarginFactor == RiskParameters.standardDefaults.initialMarginFactor)
    }

    @Test func unknownKeysWrongTypesAndBadValuesAreNamedUnderThePath() {
        for (overrides, field) in [(JSONObject(pairs: ["initialMarginFactr": .number(1)]), "changes.initialMarginFactr"),
                                   (JSONObject(pairs: ["initialMarginFactor": .string("x")]), "changes.initialMarginFactor"),
                                   (JSONObject(pairs: ["initialMarginFactor": .number(0.5)]), "changes.initialMarginFactor")] {
            guard case .failure(.invalid(let issues)) = ParameterOverrides.apply(overrides, to: .standardDefaults, path: "changes") else {
                Issue.record("\(overrides) accepted")
                continue
            }
            #expect(issues.map(\.field) == [field])
        }
    }
}
