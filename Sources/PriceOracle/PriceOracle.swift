import Foundation
import Synchronization

/// Live prices from public feeds: a poller per source, aggregation and guards per asset
/// (docs/ORACLE.md). Readers never wait on the network: they aggregate what the pollers
/// last stored.
public final class PriceOracle: Sendable {
    public let configuration: OracleConfiguration
    private let state: OracleState
    private let pollers: [FeedPoller]
    private let clock: @Sendable () -> Double
    private let started = Mutex(false)

    /// - Parameter onSourceChange: told when a source starts failing or answering (once per
    ///   change), on the source's poller thread.
    public init(configuration: OracleConfiguration, client: CurlClient = CurlClient(),
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                onSourceChange: @escaping @Sendable (SourceChange) -> Void = { _ in }) {
        self.configuration = configuration
        self.clock = clock
        var records: [String: OracleState.Record] = [:]
        var sources: [(String, SourceConfiguration)] = []
        for (asset, feeds) in configuration.assets.sorted(by: { $0.key < $1.key }) {
            for (index, source) in feeds.sources.enumerated() {
                let id = "\(asset)/\(index)-\(source.feed.kind)"
                sources.append((id, source))
                records[id] = OracleState.Record(health: SourceHealth(id: id, kind: source.feed.kind, url: source.feed.url,
                                                                      consecutiveFailures: 0),
                                                 asset: asset, maxAge: source.maxAge)
            }
        }
        for (index, source) in configuration.optionSources.enumerated() {
            let id = "options/\(index)-\(source.feed.kind)"
            sources.append((id, source))
            records[id] = OracleState.Record(health: SourceHealth(id: id, kind: source.feed.kind, url: source.feed.url,
                                                                  consecutiveFailures: 0),
                                             asset: nil, maxAge: source.maxAge)
        }
        let state = OracleState(records: records)
        self.state = state
        let policies = configuration.assets.mapValues(\.policy)
        self.pollers = sources.map { id, source in
            FeedPoller(id: id, configuration: source, client: client, clock: clock) { id, outcome, fetch, next, failures in
                let change = PriceOracle.record(id: id, outcome: outcome, fetch: fetch, nextAttemptAt: next, failures: failures,
                                                now: clock(), state: state, policies: policies)
                if let change { onSourceChange(change) }
            }
        }
    }

    /// Starts polling (again, after `stop()`: a price publisher that regains its lease).
    public func start() {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        pollers.forEach { $0.start() }
    }

    public func stop() {
        let running = started.withLock { started in
            defer { started = false }
            return started
        }
        guard running else { return }
        pollers.forEach { $0.stop() }
    }

    /// The assets the oracle is configured to price.
    public var assets: [String] { configuration.assets.keys.sorted() }

    public func covers(_ asset: String) -> Bool { configuration.assets[asset] != nil }

    /// The asset's aggregated price now, or nil when the asset is not configured.
    public func price(_ asset: String) -> AggregatedPrice? {
        guard let feeds = configuration.assets[asset] else { return nil }
        let now = clock()
        return state.contents.withLock { contents in
            PriceOracle.aggregate(asset: asset, policy: feeds.policy, contents: contents, now: now)
        }
    }

    public func prices() -> [AggregatedPrice] {
        assets.compactMap(price)
    }

    /// The latest fresh quote of an option by its Deribit name.
    public func optionQuote(_ instrument: String) -> OptionQuote? {
        let now = clock()
        return state.contents.withLock { contents in
            guard let entry = contents.options[instrument], now - (entry.quote.publishedAt ?? entry.fetchedAt) <= entry.maxAge else {
                return nil
            }
            return entry.quote
        }
    }

    /// Every fresh option quote, by Deribit name (what a price publisher hands the others).
    public func optionQuotes() -> [OptionQuote] {
        let now = clock()
        return state.contents.withLock { contents in
            contents.options.values.filter { now - ($0.quote.publishedAt ?? $0.fetchedAt) <= $0.maxAge }.map(\.quote)
                .sorted { $0.instrument < $1.instrument }
        }
    }

    public func health() -> [SourceHealth] {
        state.contents.withLock { contents in contents.records.values.map(\.health).sorted { $0.id < $1.id } }
    }

    // MARK: State

    private static func aggregate(asset: String, policy: AggregationPolicy, contents: OracleState.Contents,
                                  now: Double) -> AggregatedPrice {
        let observations = contents.records.values.filter { $0.asset == asset }.sorted { $0.health.id < $1.health.id }.map {
            SourceObservation(name: $0.health.id, quote: $0.quote, fetchedAt: $0.fetchedAt, error: $0.health.lastError, maxAge: $0.maxAge)
        }
        return PriceAggregator(policy: policy).aggregate(asset: asset, observations: observations, now: now,
                                                         history: contents.history[asset] ?? [])
    }

    /// Stores a poll's outcome; the change in the source's standing, if this poll made one.
    private static func record(id: String, outcome: Result<FeedReading, FeedError>, fetch: FetchResult, nextAttemptAt: Double,
                               failures: Int, now: Double, state: OracleState, policies: [String: AggregationPolicy]) -> SourceChange? {
        state.contents.withLock { contents -> SourceChange? in
            guard var record = contents.records[id] else { return nil }
            // Answering before: it had an answer and no failure since; failing before: the opposite.
            let wasAnswering = record.health.lastSuccessAt != nil && record.health.lastError == nil
            let wasFailing = record.health.lastError != nil
            record.health.lastAttemptAt = now
            record.health.latency = fetch.latency
            record.health.nextAttemptAt = nextAttemptAt
            record.health.consecutiveFailures = failures
            switch outcome {
            case .success(let reading):
                record.health.lastSuccessAt = now
                record.health.lastError = nil
                if let spot = reading.spot {
                    record.quote = spot
                    record.fetchedAt = now
                }
                for quote in reading.options {
                    contents.options[quote.instrument] = (quote, now, record.maxAge)
                }
            case .failure(let error):
                record.health.lastError = error.description
            }
            contents.records[id] = record
            // The circuit breaker remembers each new median of the asset within its window.
            if case .success = outcome, let asset = record.asset, let policy = policies[asset] {
                let aggregated = aggregate(asset: asset, policy: policy, contents: contents, now: now)
                if let price = aggregated.price {
                    var history = contents.history[asset, default: []].filter { now - $0.time <= policy.circuitBreakerWindow }
                    history.append((now, price))
                    contents.history[asset] = history
                }
            }
            switch outcome {
            case .success: return wasAnswering ? nil : .answering(source: id)
            case .failure(let error): return wasFailing ? nil : .failing(source: id, error: error.description)
            }
        }
    }
}
