import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct MarginRequestTests {
    func decode(_ text: String, grid: Bool = false) -> Result<MarginRequest, APIError> {
        (try? JSONParser.parse(Array(text.utf8))).map { MarginRequest.decode($0, allowGrid: grid) } ?? .failure(.malformedJSON("test"))
    }

    @Test func readsThePortfolioMarketAndMethodology() throws {
        let request = try decode(samplePortfolio).get()
        #expect(request.mode == .portfolio && request.modeSpecified && request.methodology.profile == "standard")
        #expect(request.asOf == Timestamp(iso8601: "2026-03-01T08:00:00Z"))
        #expect(request.portfolio.cash == 10_000 && request.portfolio.positions.count == 2)
        // Numbers may come as strings, exactly.
        #expect(request.portfolio.positions[1].size == 0.5 && request.portfolio.positions[1].entryPrice == 59_000)
        #expect(request.portfolio.positions[0].instrument == Instrument(deribitName: "BTC-31MAR26-65000-C"))
        #expect(request.market["BTC"]?.spot == 60_000 && request.whatIf == nil && request.grid == nil)
    }

    @Test func unsetModeIsPortfolioAndUnnamed() throws {
        let request = try decode(#"{"positions":[]}"#).get()
        #expect(request.mode == .portfolio && !request.modeSpecified)
    }

    @Test func misspeltMembersAreRefusedByName() {
        guard case .failure(.invalid(let issues)) = decode(#"{"positons":[],"grid":{}}"#) else { Issue.record("accepted"); return }
        #expect(Set(issues.map(\.field)) == ["positons", "grid"])
    }
}
