/// Turns the sources of one asset into one guarded price (docs/ORACLE.md, "Aggregation"):
/// the median of the fresh sources, outliers left out, a quorum, and a circuit breaker.
/// Pure: time comes in as `now`, history as a value.
public struct PriceAggregator: Sendable {
    /// A source timestamp this far ahead of the clock is still accepted (clock skew).
    public static let futureTolerance = 5.0

    public var policy: AggregationPolicy

    public init(policy: AggregationPolicy = AggregationPolicy()) {
        self.policy = policy
    }

    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public func aggregate(asset: String, observations: [SourceObservation], now: Double,
                          history: [(time: Double, price: Double)] = []) -> AggregatedPrice {
        var sources: [AggregatedPrice.Source] = []
        var fresh: [(index: Int, price: Double, confidence: Double?)] = []
        for observation in observations {
            guard let quote = observation.quote, let fetchedAt = observation.fetchedAt else {
                sources.append(.init(name: observation.name, price: nil, age: nil, included: false,
                                     reason: observation.error ?? "no price yet"))
                continue
            }
            let age = now - (quote.publishedAt ?? fetchedAt)
            var reason: String?
            if age > observation.maxAge {
                reason = "stale: \(Int(age.rounded())) s old, more than \(Int(observation.maxAge)) s"
                if let error = observation.error { reason! += "; last fetch: \(error)" }
            } else if age < -PriceAggregator.futureTolerance {
                reason = "timestamp \(Int(-age)) s in the future"
            }
            if reason == nil { fresh.append((sources.count, quote.price, quote.confidence)) }
            sources.append(.init(name: observation.name, price: quote.price, age: age, included: reason == nil, reason: reason))
        }
        let quorum = policy.effectiveQuorum(configuredSources: observations.count)
        guard !fresh.isEmpty else {
            return AggregatedPrice(asset: asset, price: nil, confidence: nil, status: .unavailable,
                                   reason: "no fresh source (quorum \(quorum))", sources: sources)
        }
        let firstMedian = PriceAggregator.median(fresh.map(\.price))
        var kept: [(index: Int, price: Double, confidence: Double?)] = []
        for entry in fresh {
            let deviation = abs(entry.price - firstMedian) / firstMedian
            if deviation > policy.maxDeviation {
                sources[entry.index].included = false
                sources[entry.index].reason = "outlier: \(percent(deviation)) from the median \(firstMedian), more than \(percent(policy.maxDeviation))"
            } else {
                kept.append(entry)
            }
        }
        guard kept.count >= quorum else {
            return AggregatedPrice(asset: asset, price: nil, confidence: nil, status: .unavailable,
                                   reason: "quorum not met: \(kept.count) agreeing fresh source\(kept.count == 1 ? "" : "s"), \(quorum) needed",
                                   sources: sources)
        }
        let price = PriceAggregator.median(kept.map(\.price))
        let confidences = kept.compactMap(\.confidence)
        var status = AggregatedPrice.Status.ok
        var reason: String?
        for point in history where now - point.time <= policy.circuitBreakerWindow && point.price > 0 {
            let move = abs(price - point.price) / point.price
            if move > policy.circuitBreakerMove {
                status = .volatile
                reason = "moved \(percent(move)) within \(Int(policy.circuitBreakerWindow)) s, more than \(percent(policy.circuitBreakerMove))"
                break
            }
        }
        return AggregatedPrice(asset: asset, price: price, confidence: confidences.min(), status: status, reason: reason, sources: sources)
    }

    private func percent(_ fraction: Double) -> String {
        "\((fraction * 10_000).rounded() / 100)%"
    }
}
