import Testing
@testable import RiskCore

@Suite struct PortfolioTests {
    @Test func theUnderlyingsAreSortedAndEachNamedOnce() {
        let names = ["ETH", "BTC", "SOL_USDC", "BTC", "ETH", "AVAX", "BTC", "SOL_USDC", "ETH"]
        let portfolio = Portfolio(positions: names.map { Position(instrument: .perpetual($0), size: 1) })
        #expect(portfolio.underlyings == ["AVAX", "BTC", "ETH", "SOL_USDC"])
        #expect(Portfolio(positions: [Position(instrument: .perpetual("BTC"), size: 1)]).underlyings == ["BTC"])
        #expect(Portfolio().underlyings.isEmpty)
        // Many of them, in any order: the same as a set's sorted members.
        var generator = SystemRandomNumberGenerator()
        let many = (0..<2_000).map { _ in "U\(Int.random(in: 0..<300, using: &generator))" }
        #expect(Portfolio(positions: many.map { Position(instrument: .perpetual($0), size: 1) }).underlyings == Array(Set(many)).sorted())
    }
}
