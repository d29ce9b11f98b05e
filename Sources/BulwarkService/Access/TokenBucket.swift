import Synchronization

/// Per-key request budget: refills at `perSecond` up to `burst`; a request takes one token.
final class TokenBucket: Sendable {
    let limit: RateLimit
    private let state: Mutex<(tokens: Double, updatedAt: Double)>

    init(limit: RateLimit, now: Double) {
        self.limit = limit
        state = Mutex((limit.burst, now))
    }

    /// Takes a token, or says how many seconds until one is available.
    func take(now: Double) -> (allowed: Bool, retryAfter: Double) {
        state.withLock { state in
            state.tokens = min(limit.burst, state.tokens + max(0, now - state.updatedAt) * limit.perSecond)
            state.updatedAt = now
            guard state.tokens >= 1 else { return (false, (1 - state.tokens) / limit.perSecond) }
            state.tokens -= 1
            return (true, 0)
        }
    }
}
