import Foundation
import Synchronization

/// Fetches one source on its own thread, at its interval, backing off after errors and
/// honouring Retry-After on 429. A source that never answers delays only itself.
final class FeedPoller: Sendable {
    static let maxBackoff = 300.0

    let id: String
    let configuration: SourceConfiguration
    private let client: CurlClient
    private let clock: @Sendable () -> Double
    private let onResult: @Sendable (_ id: String, _ outcome: Result<FeedReading, FeedError>, _ fetch: FetchResult,
                                     _ nextAttemptAt: Double, _ failures: Int) -> Void
    private let stopSignal = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    /// Raised by every start: a thread of an earlier start (stopped, then started again)
    /// sees it and ends, so there is never more than one poll loop.
    private let generation = Atomic<Int>(0)

    init(id: String, configuration: SourceConfiguration, client: CurlClient, clock: @escaping @Sendable () -> Double,
         onResult: @escaping @Sendable (String, Result<FeedReading, FeedError>, FetchResult, Double, Int) -> Void) {
        self.id = id
        self.configuration = configuration
        self.client = client
        self.clock = clock
        self.onResult = onResult
    }

    func start() {
        let mine = generation.add(1, ordering: .acquiringAndReleasing).newValue
        stopped.store(false, ordering: .releasing)
        let thread = Thread { [self] in run(generation: mine) }
        thread.name = "bulwark-feed-\(id)"
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        stopSignal.signal()
    }

    /// The delay before the next attempt after `failures` failures in a row.
    static func backoff(interval: Double, failures: Int, retryAfter: Double?) -> Double {
        guard failures > 0 else { return interval }
        let exponential = min(interval * pow(2, Double(min(failures, 16))), maxBackoff)
        return max(exponential, min(retryAfter ?? 0, 3_600))
    }

    private func run(generation mine: Int) {
        var failures = 0
        while !stopped.load(ordering: .acquiring) && generation.load(ordering: .acquiring) == mine {
            let fetch = client.get(configuration.feed.url, headers: configuration.feed.headers)
            let outcome: Result<FeedReading, FeedError>
            if let error = fetch.transportError {
                outcome = .failure(.transport(error))
            } else if !(200..<300).contains(fetch.status) {
                outcome = .failure(.http(status: fetch.status))
            } else {
                outcome = configuration.feed.parse(fetch.body)
            }
            if case .success = outcome { failures = 0 } else { failures += 1 }
            let delay = FeedPoller.backoff(interval: configuration.interval, failures: failures,
                                           retryAfter: fetch.status == 429 || fetch.status == 503 ? (fetch.retryAfter ?? 0) : nil)
            onResult(id, outcome, fetch, clock() + delay, failures)
            _ = stopSignal.wait(timeout: .now() + delay)
        }
    }
}
