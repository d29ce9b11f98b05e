import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore

extension BulwarkAPI {
    /// Account ids: 1 to 128 of letters, digits, '-', '_', '.', ':', not only dots: URL
    /// clients remove "." and ".." path segments, so such an id could never be addressed.
    public static func isValidAccountID(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.contains { $0 != 46 } && id.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == 45 || byte == 95 || byte == 46 || byte == 58
        }
    }

    /// What a valid id is, for the problem that rejects one.
    public static let accountIDRule = "must be 1 to 128 letters, digits, '-', '_', '.' or ':', not only dots"

    /// The id in the path, or the problem that says what is wrong with it.
    func accountID(_ request: HTTPRequest) -> Result<String, APIError> {
        let id = request.pathParameters["id"] ?? ""
        guard BulwarkAPI.isValidAccountID(id) else {
            return .failure(.invalid([ValidationIssue(field: "id", reason: BulwarkAPI.accountIDRule)]))
        }
        return .success(id)
    }

    /// The time writes are stamped with (updatedAt, ledger entries, idempotency keys): the same
    /// injectable clock that margins are computed at, so a test clock drives both.
    var clockSeconds: Double { Double(now().secondsSinceEpoch) }

    static func accountJSON(_ account: StoredAccount) -> JSONValue {
        var object = JSONObject([("id", .string(account.id)), ("version", .number(Double(account.version)))])
        if case .object(let document) = account.document {
            for (key, value) in document { object[key] = value }
        }
        object["updatedAt"] = .string(Timestamp(secondsSinceEpoch: Int64(account.updatedAt)).iso8601)
        return .object(object)
    }

    func accountResponse(_ account: StoredAccount, status: HTTPStatus = .ok) -> HTTPResponse {
        var response = BulwarkAPI.json(BulwarkAPI.accountJSON(account), status: status)
        response.headers.add("ETag", account.etag)
        return response
    }

    /// `GET /v1/accounts/{id}`, with If-None-Match.
    func getAccount(_ request: HTTPRequest) -> HTTPResponse {
        guard let store else { return APIError.storeUnavailable.response(instance: request.path) }
        let id: String
        switch accountID(request) {
        case .success(let value): id = value
        case .failure(let error): return error.response(instance: request.path)
        }
        do {
            guard let account = try store.account(id) else {
                return APIError.notFound("no account '\(id)'").response(instance: request.path)
            }
            if let notModified = ETagCondition.notModified(request.headers, etag: account.etag) { return notModified }
            return accountResponse(account)
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }

    /// `PUT /v1/accounts/{id}`: create or replace, with If-Match / If-None-Match and Idempotency-Key.
    /// A change of cash is a deposit or withdrawal in the ledger.
    func putAccount(_ request: HTTPRequest) -> HTTPResponse {
        accountWrite(request) { transaction, id, current, effects in
            let document: AccountDocument
            switch BodyReading.json(request).flatMap({ AccountDocument.decode($0, profiles: BulwarkAPI.profiles, parameters: parameters) }) {
            case .success(let value): document = value
            case .failure(let error): return .failure(error)
            }
            let now = clockSeconds
            let delta = document.portfolio.cash - (current.map(Self.storedCash) ?? 0)
            var journal = LedgerJournal(reason: delta >= 0 ? "deposit" : "withdrawal")
            journal.transfer(delta, from: LedgerJournal.external, to: LedgerJournal.account(id))
            try transaction.post(journal, now: now)
            let saved = try transaction.save(id: id, document: document.json, now: now)
            effects.changedAccounts.append(saved)
            return .success(accountResponse(saved, status: current == nil ? .created : .ok))
        }
    }

    /// The cash of a stored document.
    static func storedCash(_ account: StoredAccount) -> Double {
        if case .number(let cash)? = account.document["cash"] { return cash }
        return 0
    }

    /// `DELETE /v1/accounts/{id}`: the remaining cash goes back out through the ledger.
    func deleteAccount(_ request: HTTPRequest) -> HTTPResponse {
        accountWrite(request) { transaction, id, current, effects in
            guard let current else { return .failure(.notFound("no account '\(id)'")) }
            var journal = LedgerJournal(reason: "account closed")
            journal.transfer(Self.storedCash(current), from: LedgerJournal.account(id), to: LedgerJournal.external)
            try transaction.post(journal, now: clockSeconds)
            _ = try transaction.delete(id: id)
            effects.removedAccounts.append(id)
            return .success(BulwarkAPI.json(.object(["id": .string(id), "deleted": .bool(true)])))
        }
    }

    /// `POST /v1/accounts/{id}/trades`: fills applied atomically; fees go to the fees book,
    /// premiums and realised P&L to the market.
    func postTrades(_ request: HTTPRequest) -> HTTPResponse {
        accountWrite(request) { transaction, id, current, effects in
            guard let current else { return .failure(.notFound("no account '\(id)'")) }
            let fills: TradeFills
            switch BodyReading.json(request).flatMap(TradeFills.decode) {
            case .success(let value): fills = value
            case .failure(let error): return .failure(error)
            }
            guard case .success(let document) = AccountDocument.decode(current.document, profiles: BulwarkAPI.profiles, parameters: parameters) else {
                return .failure(.invalid([ValidationIssue(field: "id", reason: "the stored account no longer validates; replace it with PUT")]))
            }
            let updated = fills.apply(to: document)
            let issues = updated.portfolio.validationIssues()
            guard issues.isEmpty else { return .failure(.invalid(issues)) }
            let now = clockSeconds
            let fees = fills.fills.reduce(0) { $0 + $1.fee }
            var journal = LedgerJournal(reason: "trade")
            journal.transfer(fees, from: LedgerJournal.account(id), to: LedgerJournal.fees)
            journal.transfer(updated.portfolio.cash - document.portfolio.cash + fees, from: LedgerJournal.market, to: LedgerJournal.account(id))
            try transaction.post(journal, now: now)
            let saved = try transaction.save(id: id, document: updated.json, now: now)
            effects.changedAccounts.append(saved)
            return .success(accountResponse(saved))
        }
    }

    /// `POST /v1/accounts/{id}/what-if`: margin before and after prospective fills, and whether
    /// they would be accepted; nothing is stored. Insufficient margin is a 200 answer.
    func postWhatIf(_ request: HTTPRequest) -> HTTPResponse {
        guard let store else { return APIError.storeUnavailable.response(instance: request.path) }
        let id: String
        switch accountID(request) {
        case .success(let value): id = value
        case .failure(let error): return error.response(instance: request.path)
        }
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(request, allowed: ["fills", "market", "asOf"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return error.response(instance: request.path)
        }
        guard reader.issues.isEmpty else { return APIError.invalid(reader.issues).response(instance: request.path) }
        do {
            guard let account = try store.account(id), case .object(var document) = account.document else {
                return APIError.notFound("no account '\(id)'").response(instance: request.path)
            }
            // The stored account, the request's market and time, and the fills as `whatIf`.
            document["market"] = body["market"]
            document["asOf"] = body["asOf"]
            document["whatIf"] = body["fills"] ?? .null
            if body["fills"] == nil || body["fills"] == .null {
                return APIError.invalid([ValidationIssue(field: "fills", reason: "is required: a non-empty list of fills")]).response(instance: request.path)
            }
            let outcome = MarginRequest.decode(.object(document), allowGrid: false)
                .mapError(Self.renamingWhatIf)
                .flatMap(evaluateWithWhatIf)
            switch outcome {
            case .failure(let error):
                return error.response(instance: request.path)
            case .success(let evaluation):
                var json = JSONStreamWriter()
                json.object { json in
                    json.field("id", id)
                    json.field("version", Double(account.version))
                    if let whatIf = evaluation.whatIf { MarginResponse.writeWhatIf(whatIf, into: &json) }
                }
                return BulwarkAPI.json(bytes: json.finish())
            }
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }

    /// The fills of an account what-if are sent as `fills`: name them so in errors.
    private static func renamingWhatIf(_ error: APIError) -> APIError {
        guard case .invalid(let issues) = error else { return error }
        return .invalid(issues.map { issue in
            var issue = issue
            if issue.field.hasPrefix("whatIf") { issue.field = "fills" + issue.field.dropFirst("whatIf".count) }
            return issue
        })
    }

    /// The frame of every account write: the id checked, then `idempotentWrite` with
    /// If-Match / If-None-Match checked against the stored version inside the transaction.
    func accountWrite(_ request: HTTPRequest,
                      _ body: (AccountTransaction, String, StoredAccount?, inout WriteEffects) throws -> Result<HTTPResponse, APIError>)
        -> HTTPResponse {
        let id: String
        switch accountID(request) {
        case .success(let value): id = value
        case .failure(let error): return error.response(instance: request.path)
        }
        return idempotentWrite(request) { transaction, effects in
            let current = try transaction.account(id)
            if let failure = ETagCondition.check(request.headers, current: current?.etag) { return .failure(failure) }
            return try body(transaction, id, current, &effects)
        }
    }

    /// One write transaction that replays a known Idempotency-Key, runs `body`, and remembers
    /// the answer under the key. Nothing is answered before COMMIT; the monitor and the event
    /// streams learn of the write after it.
    func idempotentWrite(_ request: HTTPRequest,
                         _ body: (AccountTransaction, inout WriteEffects) throws -> Result<HTTPResponse, APIError>) -> HTTPResponse {
        guard let store else { return APIError.storeUnavailable.response(instance: request.path) }
        let key = request.headers["Idempotency-Key"]
        if let key, key.isEmpty || key.utf8.count > 255 {
            return APIError.invalid([ValidationIssue(field: "Idempotency-Key", reason: "must be 1 to 255 characters")]).response(instance: request.path)
        }
        let requestHash = CanonicalForm.sha256Hex(Array("\(request.method.rawValue) \(request.path)\n".utf8) + request.body)
        var effects = WriteEffects()
        let response: HTTPResponse
        do {
            response = try store.transaction { transaction -> HTTPResponse in
                let now = clockSeconds
                if let key, let prior = try transaction.idempotentResponse(key: key, now: now) {
                    guard prior.requestHash == requestHash else {
                        return APIError.invalid([ValidationIssue(field: "Idempotency-Key", reason: "was used for a different request")])
                            .response(instance: request.path)
                    }
                    var replay = HTTPResponse(status: HTTPStatus(prior.status), body: prior.body)
                    replay.headers.add("Content-Type", "application/json")
                    if let etag = prior.etag { replay.headers.add("ETag", etag) }
                    replay.headers.add("Idempotent-Replayed", "true")
                    return replay
                }
                switch try body(transaction, &effects) {
                case .failure(let error):
                    // A refused write leaves nothing behind.
                    throw RollBack(response: error.response(instance: request.path))
                case .success(let response):
                    if let key {
                        try transaction.remember(key: key, response: IdempotentResponse(requestHash: requestHash, status: response.status.rawValue,
                                                                                         etag: response.headers["ETag"], body: response.body),
                                                 now: now)
                    }
                    return response
                }
            }
        } catch let rollBack as RollBack {
            return rollBack.response
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
        for account in effects.changedAccounts { monitor?.accountChanged(account) }
        for id in effects.removedAccounts { monitor?.accountRemoved(id) }
        monitor?.feed.committed(effects.events)
        return response
    }
}
