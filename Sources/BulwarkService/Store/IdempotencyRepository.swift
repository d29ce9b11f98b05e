/// Answers to writes that carried an Idempotency-Key, replayed for a retry.
public protocol IdempotencyRepository {
    /// The answer remembered under `key`, if it is younger than `IdempotentResponse.retention`
    /// at `now`; older records are dropped, so it is called in a write transaction.
    func response(key: String, now: Double) throws -> IdempotentResponse?

    func remember(key: String, response: IdempotentResponse, now: Double) throws
}
