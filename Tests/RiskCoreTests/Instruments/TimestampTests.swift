import Testing
@testable import RiskCore

@Suite struct TimestampTests {
    @Test func parsesAndFormatsRFC3339() throws {
        let t = try #require(Timestamp(iso8601: "2026-03-27T08:00:00Z"))
        #expect(t.secondsSinceEpoch == 1_774_598_400)
        #expect(t.iso8601 == "2026-03-27T08:00:00Z")
        #expect(Timestamp(iso8601: "2026-03-27T10:00:00+02:00") == t)
        #expect(Timestamp(iso8601: "2026-03-27T08:00:00.999Z") == t)
        #expect(Timestamp(iso8601: "2026-03-27") == t.adding(seconds: -8 * 3600))
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59Z")?.secondsSinceEpoch == -1)
        #expect(Timestamp(iso8601: "2024-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: ["", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-03-27T25:00:00Z", "2026-03-27T08:00:00",
                      "2026-3-27T08:00:00Z", "tomorrow", "2026-03-27T08:00:00ZZ", "2026-03-27T08:00:00.Z"])
    func refusesMalformedTimes(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func yearFractionCountsSecondsOverA365DayYear() {
        let start = Timestamp(secondsSinceEpoch: 0)
        #expect(start.yearFraction(to: Timestamp(secondsSinceEpoch: 86_400 * 365)) == 1)
        #expect(start.yearFraction(to: Timestamp(secondsSinceEpoch: 1)) == 1.0 / 31_536_000)
    }
}
