import Testing
@testable import PriceOracle

@Suite struct PriceAggregatorTests {
    let now = 1_000.0

    private func observation(_ name: String, _ price: Double, age: Double = 1, published: Bool = false, maxAge: Double = 30,
                             confidence: Double? = nil) -> SourceObservation {
        SourceObservation(name: name, quote: SpotQuote(price: price, confidence: confidence, publishedAt: published ? now - age : nil),
                          fetchedAt: published ? now : now - age, maxAge: maxAge)
    }

    @Test func medianOfFreshSources() {
        let result = PriceAggregator().aggregate(asset: "BTC", observations: [
            observation("a", 100), observation("b", 101), observation("c", 100.5, confidence: 0.9), observation("d", 100.2),
        ], now: now)
        #expect(result.status == .ok)
        #expect(result.price == (100.2 + 100.5) / 2)
        #expect(result.confidence == 0.9)
        #expect(result.sources.allSatisfy { $0.included })
    }

    @Test func outliersAreLeftOutAndReported() {
        let result = PriceAggregator().aggregate(asset: "BTC", observations: [
            observation("a", 100), observation("b", 100.4), observation("c", 130),
        ], now: now)
        #expect(result.price == 100.2)
        let outlier = result.sources.first { $0.name == "c" }!
        #expect(!outlier.included && outlier.reason?.hasPrefix("outlier") == true)
    }

    @Test func staleSourcesAreLeftOutByTheirOwnTimestamp() {
        // Fetched just now, but the source says its price is 40 s old.
        let result = PriceAggregator().aggregate(asset: "BTC", observations: [
            observation("fresh-a", 100), observation("fresh-b", 100.2), observation("old", 100.1, age: 40, published: true),
        ], now: now)
        let old = result.sources.first { $0.name == "old" }!
        #expect(!old.included && old.reason?.hasPrefix("stale: 40 s old") == true)
        #expect(result.price == 100.1)
    }

    @Test func quorumOrUnavailable() {
        let one = PriceAggregator().aggregate(asset: "BTC", observations: [
            observation("a", 100), observation("b", 100, age: 60),
        ], now: now)
        #expect(one.status == .unavailable && one.price == nil)
        #expect(one.reason == "quorum not met: 1 agreeing fresh source, 2 needed")
        var policy = AggregationPolicy()
        policy.quorum = 3
        let three = PriceAggregator(policy: policy).aggregate(asset: "BTC", observations: [
            observation("a", 100), observation("b", 100.1), observation("c", 150),
        ], now: now)
        #expect(three.status == .unavailable)
        // A single configured source needs only itself.
        let single = PriceAggregator().aggregate(asset: "USDC", observations: [observation("a", 1)], now: now)
        #expect(single.status == .ok && single.price == 1)
        let none = PriceAggregator().aggregate(asset: "BTC", observations: [
            SourceObservation(name: "down", quote: nil, fetchedAt: nil, error: "no response: timeout"),
        ], now: now)
        #expect(none.status == .unavailable && none.sources[0].reason == "no response: timeout")
    }

    @Test func circuitBreakerMarksLargeMovesVolatile() {
        let observations = [observation("a", 89), observation("b", 89.2)]
        let calm = PriceAggregator().aggregate(asset: "BTC", observations: observations, now: now,
                                               history: [(now - 100, 95), (now - 50, 92)])
        #expect(calm.status == .ok)
        let jump = PriceAggregator().aggregate(asset: "BTC", observations: observations, now: now,
                                               history: [(now - 100, 100), (now - 50, 95)])
        #expect(jump.status == .volatile && jump.price == 89.1)
        #expect(jump.reason?.hasPrefix("moved") == true)
        // Outside the window the move no longer counts.
        let old = PriceAggregator().aggregate(asset: "BTC", observations: observations, now: now, history: [(now - 400, 100)])
        #expect(old.status == .ok)
    }

    @Test func futureTimestampsAreRefused() {
        let result = PriceAggregator().aggregate(asset: "BTC", observations: [
            observation("a", 100), observation("b", 100), observation("future", 100, age: -60, published: true),
        ], now: now)
        #expect(result.sources.first { $0.name == "future" }?.reason == "timestamp 60 s in the future")
    }
}
