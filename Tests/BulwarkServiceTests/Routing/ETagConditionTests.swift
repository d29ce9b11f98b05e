import HTTPServer
import Testing
@testable import BulwarkService

@Suite struct ETagConditionTests {
    func headers(_ pairs: (String, String)...) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in pairs { headers.add(name, value) }
        return headers
    }

    @Test func ifMatchNeedsTheCurrentVersionOrAStar() {
        #expect(ETagCondition.check(headers(("If-Match", "\"v1\", \"v2\"")), current: "\"v2\"") == nil)
        #expect(ETagCondition.check(headers(("If-Match", "*")), current: "\"v9\"") == nil)
        #expect(ETagCondition.check(headers(("If-Match", "\"v1\"")), current: "\"v2\"") != nil)
        #expect(ETagCondition.check(headers(("If-Match", "*")), current: nil) != nil)
    }

    @Test func ifNoneMatchStarMeansCreateOnly() {
        #expect(ETagCondition.check(headers(("If-None-Match", "*")), current: nil) == nil)
        #expect(ETagCondition.check(headers(("If-None-Match", "*")), current: "\"v1\"") != nil)
        #expect(ETagCondition.notModified(headers(("If-None-Match", "\"v3\"")), etag: "\"v3\"")?.status == .notModified)
        #expect(ETagCondition.notModified(headers(("If-None-Match", "\"v2\"")), etag: "\"v3\"") == nil)
    }
}
