import Testing
@testable import RiskCore

@Suite struct MarginStatusTests {
    @Test func theLinesAreInitialMarginMaintenanceMarginAndZero() {
        #expect(MarginStatus(equity: 200, initialMargin: 200, maintenanceMargin: 100) == .healthy)
        #expect(MarginStatus(equity: 199, initialMargin: 200, maintenanceMargin: 100) == .warning)
        #expect(MarginStatus(equity: 100, initialMargin: 200, maintenanceMargin: 100) == .warning)
        #expect(MarginStatus(equity: 99, initialMargin: 200, maintenanceMargin: 100) == .liquidatable)
        #expect(MarginStatus(equity: 0, initialMargin: 200, maintenanceMargin: 100) == .liquidatable)
        #expect(MarginStatus(equity: -1, initialMargin: 0, maintenanceMargin: 0) == .insolvent)
        #expect(MarginStatus.healthy < .warning && .warning < .liquidatable && .liquidatable < .insolvent)
    }
}
