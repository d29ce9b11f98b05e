import HTTPServer
import RiskCore

/// The frame of every write to the book: one store transaction that replays a known
/// Idempotency-Key, checks If-Match / If-None-Match against the stored version, runs the
/// write, and remembers its answer under the key. Nothing is answered before COMMIT; the
/// monitor and the event streams learn of the write after it.
struct AccountWriter: Sendable {
    let store: any Store
    let monitor: HealthMonitor
    /// The time writes are stamped with (updatedAt, ledger entries, idempotency keys): the
    /// clock margins are computed at, so a test clock drives both.
    let now: @Sendable () -> Timestamp

    var seconds: Double { Double(now().secondsSinceEpoch) }

    /// A write to the account named by the path's `{id}`; `body` gets the transaction, the id
    /// and the stored account (nil when there is none).
    func write(_ request: HTTPRequest,
               _ body: (any StoreTransaction, String, StoredAccount?, inout WriteEffects) throws -> Result<HTTPResponse, APIError>)
        -> HTTPResponse {
        let id: String
        switch Identifier.path(request) {
        case .success(let value): id = value
        case .failure(let error): return error.response(instance: request.path)
        }
        return idempotent(request) { transaction, effects in
            let current = try transaction.accounts.account(id)
            if let failure = ETagCondition.check(request.headers, current: current?.etag) { return .failure(failure) }
            return try body(transaction, id, current, &effects)
        }
    }

    /// A write with Idempotency-Key, whatever it writes.
    func idempotent(_ request: HTTPRequest,
                    _ body: (any StoreTransaction, inout WriteEffects) throws -> Result<HTTPResponse, APIError>) -> HTTPResponse {
        let key = request.headers["Idempotency-Key"]
        if let key, key.isEmpty || key.utf8.count > 255 {
            return APIError.invalid([ValidationIssue(field: "Idempotency-Key", reason: "must be 1 to 255 characters")]).response(instance: request.path)
        }
        let requestHash = CanonicalForm.sha256Hex(Array("\(request.method.rawValue) \(request.path)\n".utf8) + request.body)
        var effects = WriteEffects()
        let response: HTTPResponse
        do {
            response = try store.write { transaction -> HTTPResponse in
                let now = seconds
                if let key, let prior = try transaction.idempotency.response(key: key, now: now) {
                    guard prior.requestHash == requestHash else {
                        return APIError.invalid([ValidationIssue(field: "Idempotency-Key", reason: "was used for a different request")])
                            .response(instance: request.path)
                    }
                    return Self.replay(prior)
                }
                switch try body(transaction, &effects) {
                case .failure(let error):
                    // A refused write leaves nothing behind.
                    throw RollBack(error: error)
                case .success(let response):
                    if let key {
                        try transaction.idempotency.remember(key: key, response: IdempotentResponse(
                            requestHash: requestHash, status: response.status.rawValue, etag: response.headers["ETag"], body: response.body), now: now)
                    }
                    return response
                }
            }
        } catch let rollBack as RollBack {
            return rollBack.error.response(instance: request.path)
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
        for account in effects.changedAccounts { monitor.accountChanged(account) }
        for id in effects.removedAccounts { monitor.accountRemoved(id) }
        monitor.feed.committed(effects.events)
        return response
    }

    private static func replay(_ prior: IdempotentResponse) -> HTTPResponse {
        var replay = HTTPResponse(status: HTTPStatus(prior.status), body: prior.body)
        replay.headers.add("Content-Type", "application/json")
        if let etag = prior.etag { replay.headers.add("ETag", etag) }
        replay.headers.add("Idempotent-Replayed", "true")
        return replay
    }

    /// Thrown out of the transaction to roll it back and answer with the problem.
    private struct RollBack: Error {
        let error: APIError
    }
}
