import Testing
@testable import RiskCore

@Suite struct ScenarioGridTests {
    @Test func scenariosAreSpotMajorThenTheExtremes() {
        let grid = ScenarioGrid(spotShocks: [-0.1, 0.1], volShocks: [-0.2, 0, 0.2], extremeSpotShocks: [-0.5], extremeVolShock: 0.3, extremeWeight: 0.33)
        #expect(grid.scenarios.map(\.spotShock) == [-0.1, -0.1, -0.1, 0.1, 0.1, 0.1, -0.5])
        #expect(grid.scenarios.map(\.volShock) == [-0.2, 0, 0.2, -0.2, 0, 0.2, 0.3])
        #expect(grid.scenarios.last == Scenario(spotShock: -0.5, volShock: 0.3, weight: 0.33, isExtreme: true))
        #expect(grid.validationIssues().isEmpty)
    }

    @Test func anEmptyOrHugeGridIsRefused() {
        #expect(!ScenarioGrid(spotShocks: [], volShocks: [0]).validationIssues().isEmpty)
        let huge = ScenarioGrid(spotShocks: (0..<200).map { Double($0) / 1_000 }, volShocks: (0..<100).map { Double($0) / 1_000 })
        #expect(!huge.validationIssues().isEmpty)
    }
}
