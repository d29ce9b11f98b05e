import Foundation
import Testing
@testable import RiskCore

@Suite struct StressPathTests {
    @Test func aRampMovesGeometricallyToItsEnd() {
        let path = StressPath.ramp(name: "r", description: "", spotMove: -0.4, volFactor: 2, count: 4)
        #expect(path.steps.count == 4)
        #expect(close(path.steps[3].spotFactor, 0.6) && path.steps[3].volFactor == 2)
        // Each step is the same ratio: 0.6^(1/4).
        #expect(close(path.steps[0].spotFactor, pow(0.6, 0.25)) && close(path.steps[1].spotFactor / path.steps[0].spotFactor, pow(0.6, 0.25)))
        #expect(path.steps[1].volFactor == 1.5)
    }
}
