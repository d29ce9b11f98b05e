import Testing
@testable import RiskCore

@Suite struct ValueCheckTests {
    @Test func pricesArePositiveFiniteAndBounded() {
        #expect(ValueCheck.positivePrice(1e-9, field: "p") == nil && ValueCheck.positivePrice(1e12, field: "p") == nil)
        #expect(ValueCheck.positivePrice(0, field: "p")?.reason == "must be greater than 0")
        #expect(ValueCheck.positivePrice(.infinity, field: "p")?.reason == "must be a finite number")
        #expect(ValueCheck.positivePrice(1.1e12, field: "p")?.reason == "must be at most 1e12")
    }

    @Test func volatilityRulesDifferAtZeroAndAtTheTop() {
        #expect(ValueCheck.volatility(0, field: "v") != nil && ValueCheck.volatility(0, field: "v", rule: .nonNegative) == nil)
        #expect(ValueCheck.volatility(101, field: "v") != nil && ValueCheck.volatility(101, field: "v", rule: .nonNegative) == nil)
        #expect(ValueCheck.volatility(-0.1, field: "v", rule: .nonNegative)?.reason == "must be at least 0")
    }

    @Test func unitIntervalsSizesAndAmounts() {
        #expect(ValueCheck.unitInterval(0, field: "c") == nil && ValueCheck.unitInterval(1, field: "c") == nil)
        #expect(ValueCheck.unitInterval(1.01, field: "c") != nil && ValueCheck.unitInterval(.nan, field: "c") != nil)
        #expect(ValueCheck.size(-1e9, field: "s") == nil && ValueCheck.size(1.5e9, field: "s") != nil)
        #expect(ValueCheck.amount(-1e15, field: "a") == nil && ValueCheck.amount(.nan, field: "a") != nil)
    }
}
