import Testing
@testable import BulwarkService

@Suite struct TokenBucketTests {
    @Test func aBurstIsAllowedThenTheRateRefills() {
        let bucket = TokenBucket(limit: RateLimit(perSecond: 2, burst: 3), now: 100)
        #expect((0..<3).allSatisfy { _ in bucket.take(now: 100).allowed })
        let refused = bucket.take(now: 100)
        #expect(!refused.allowed && refused.retryAfter == 0.5)
        #expect(bucket.take(now: 100.5).allowed)
        // Never more than the burst, however long it rested.
        #expect((0..<3).allSatisfy { _ in bucket.take(now: 1_000).allowed } && !bucket.take(now: 1_000).allowed)
    }
}
