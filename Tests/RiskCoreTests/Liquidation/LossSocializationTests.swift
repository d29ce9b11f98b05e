import Testing
@testable import RiskCore

@Suite struct LossSocializationTests {
    let candidates = [
        // score = pnl / cost x leverage: a 0.1 x 5 = 0.5, b 0.5 x 2 = 1.0, c 0.2 x 10 = 2.0, d loses.
        LossSocialization.Candidate(id: "a", unrealizedPnl: 1_000, costBasis: 10_000, effectiveLeverage: 5),
        LossSocialization.Candidate(id: "b", unrealizedPnl: 5_000, costBasis: 10_000, effectiveLeverage: 2),
        LossSocialization.Candidate(id: "c", unrealizedPnl: 2_000, costBasis: 10_000, effectiveLeverage: 10),
        LossSocialization.Candidate(id: "d", unrealizedPnl: -3_000, costBasis: 10_000, effectiveLeverage: 20),
    ]

    @Test func autoDeleveragingTakesFromTheHighestRankedFirst() {
        let (allocations, uncovered) = LossSocialization.allocate(loss: 4_500, among: candidates, method: .autoDeleveraging)
        #expect(allocations.map(\.id) == ["c", "b"])
        #expect(allocations.map(\.amount) == [2_000, 2_500])
        #expect(allocations.map(\.rank) == [1, 2])
        #expect(uncovered == 0)
    }

    @Test func proRataTakesTheSameFractionOfEveryProfit() {
        let (allocations, uncovered) = LossSocialization.allocate(loss: 4_000, among: candidates, method: .proRata)
        // 4,000 of 8,000 in profits: half of each.
        #expect(allocations.map(\.id) == ["a", "b", "c"])
        #expect(allocations.map(\.amount) == [500, 2_500, 1_000])
        #expect(uncovered == 0)
    }

    @Test func whatProfitsCannotCoverStaysUncoveredAndMoneyIsConserved() {
        for method in SocializationMethod.allCases {
            let (allocations, uncovered) = LossSocialization.allocate(loss: 10_000, among: candidates, method: method)
            #expect(allocations.reduce(0) { $0 + $1.amount } == 8_000)
            #expect(uncovered == 2_000)
            #expect(!allocations.contains { $0.id == "d" })
        }
    }
}
