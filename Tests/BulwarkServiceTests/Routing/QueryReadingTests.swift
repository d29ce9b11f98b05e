import HTTPServer
import RiskCore
import Testing
@testable import BulwarkService

@Suite struct QueryReadingTests {
    func request(_ target: String) -> HTTPRequest {
        HTTPRequest(method: .get, target: target, headers: HTTPHeaders(), body: [])
    }

    @Test func aPageHasDefaultsAndBounds() {
        var issues: [ValidationIssue] = []
        let page = QueryReading.page(request("/x"), issues: &issues)
        #expect(page.after == 0 && page.limit == 100 && issues.isEmpty)
        let asked = QueryReading.page(request("/x?after=7&limit=1000"), issues: &issues)
        #expect(asked.after == 7 && asked.limit == 1_000 && issues.isEmpty)
    }

    @Test func badNumbersAndUnknownNamesAreRefusedByName() {
        var issues: [ValidationIssue] = []
        _ = QueryReading.page(request("/x?after=-1&limit=1001&lmit=3"), extra: ["book"], issues: &issues)
        #expect(issues.map(\.field) == ["lmit", "after", "limit"])
        #expect(issues[0].reason == "is not a known query parameter; known: book, after, limit")
        #expect(issues[2].reason == "must be a whole number from 1 to 1000")
    }
}
