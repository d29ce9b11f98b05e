import BulwarkJSON
import HTTPServer
import RiskCore

/// `/v1/accounts/{id}`: stored accounts read and written with ETags and Idempotency-Key,
/// fills, and what-if margins of prospective fills. Cash moves through the ledger.
struct AccountRoutes: Sendable {
    let store: any Store
    let writer: AccountWriter
    let registry: ParameterRegistry
    let margin: MarginService

    static func add(_ feature: AccountRoutes?, to routes: inout RouteTable) {
        routes.add(.put, "/v1/accounts/{id}", .exchange, feature, AccountRoutes.putAccount)
        routes.add(.get, "/v1/accounts/{id}", .reader, feature, AccountRoutes.getAccount)
        routes.add(.delete, "/v1/accounts/{id}", .exchange, feature, AccountRoutes.deleteAccount)
        routes.add(.post, "/v1/accounts/{id}/trades", .exchange, feature, AccountRoutes.postTrades)
        routes.add(.post, "/v1/accounts/{id}/what-if", .reader, feature, AccountRoutes.postWhatIf)
    }

    /// `GET /v1/accounts/{id}`, with If-None-Match.
    func getAccount(_ request: HTTPRequest) -> HTTPResponse {
        let outcome = Identifier.path(request).flatMap { id in
            Result { try store.read { try $0.accounts.account(id) } }.mapError(APIError.storage).flatMap { account in
                account.map(Result.success) ?? .failure(.notFound("no account '\(id)'"))
            }
        }
        switch outcome {
        case .success(let account): return ETagCondition.notModified(request.headers, etag: account.etag) ?? account.response()
        case .failure(let error): return error.response(instance: request.path)
        }
    }

    /// `PUT /v1/accounts/{id}`: create or replace. A change of cash is a deposit or withdrawal.
    func putAccount(_ request: HTTPRequest) -> HTTPResponse {
        writer.write(request) { transaction, id, current, effects in
            let document: AccountDocument
            switch BodyReading.json(request).flatMap({ AccountDocument.decode($0, parameters: registry.current.parameters) }) {
            case .success(let value): document = value
            case .failure(let error): return .failure(error)
            }
            let now = writer.seconds
            let delta = document.portfolio.cash - (current?.cash ?? 0)
            let books = LedgerBooks(currency: document.portfolio.currency)
            var journal = LedgerJournal(reason: delta >= 0 ? "deposit" : "withdrawal")
            if let current, current.currency != document.portfolio.currency {
                // A change of currency closes the old balance out and pays the new one in.
                let old = LedgerBooks(currency: current.currency)
                journal.transfer(current.cash, from: old.account(id), to: old.external)
                journal.transfer(document.portfolio.cash, from: books.external, to: books.account(id))
            } else {
                journal.transfer(delta, from: books.external, to: books.account(id))
            }
            try transaction.ledger.post(journal, now: now)
            let saved = try transaction.accounts.save(id: id, document: document.json, now: now)
            effects.changedAccounts.append(saved)
            return .success(saved.response(status: current == nil ? .created : .ok))
        }
    }

    /// `DELETE /v1/accounts/{id}`: the remaining cash goes back out through the ledger.
    func deleteAccount(_ request: HTTPRequest) -> HTTPResponse {
        writer.write(request) { transaction, id, current, effects in
            guard let current else { return .failure(.notFound("no account '\(id)'")) }
            let books = LedgerBooks(currency: current.currency)
            var journal = LedgerJournal(reason: "account closed")
            journal.transfer(current.cash, from: books.account(id), to: books.external)
            try transaction.ledger.post(journal, now: writer.seconds)
            try transaction.accounts.delete(id: id)
            effects.removedAccounts.append(id)
            return .success(JSONResponse.make(.object(["id": .string(id), "deleted": .bool(true)])))
        }
    }

    /// `POST /v1/accounts/{id}/trades`: fills applied atomically; fees go to the fees book,
    /// premiums and realised P&L to the market.
    func postTrades(_ request: HTTPRequest) -> HTTPResponse {
        writer.write(request) { transaction, id, current, effects in
            guard let current else { return .failure(.notFound("no account '\(id)'")) }
            let fills: TradeFills
            guard case .success(var document) = AccountDocument.decode(current.document, parameters: registry.current.parameters) else {
                return .failure(.invalid([ValidationIssue(field: "id", reason: "the stored account no longer validates; replace it with PUT")]))
            }
            switch BodyReading.json(request).flatMap({ TradeFills.decode($0, naming: document.naming) }) {
            case .success(let value): fills = value
            case .failure(let error): return .failure(error)
            }
            let fillIssues = document.portfolio.fillIssues(fills.fills)
            guard fillIssues.isEmpty else { return .failure(.invalid(fillIssues)) }
            let traded: Double
            (document.portfolio, traded) = document.portfolio.booking(fills.fills)
            let issues = document.portfolio.validationIssues()
            guard issues.isEmpty else { return .failure(.invalid(issues)) }
            let now = writer.seconds
            let fees = fills.fills.reduce(0) { $0 + $1.fee }
            let books = LedgerBooks(currency: document.portfolio.currency)
            var journal = LedgerJournal(reason: "trade")
            journal.transfer(fees, from: books.account(id), to: books.fees)
            journal.transfer(traded, from: books.market, to: books.account(id))
            try transaction.ledger.post(journal, now: now)
            let saved = try transaction.accounts.save(id: id, document: document.json, now: now)
            effects.changedAccounts.append(saved)
            return .success(saved.response())
        }
    }

    /// `POST /v1/accounts/{id}/what-if`: margin before and after prospective fills, and whether
    /// they would be accepted; nothing is stored. Insufficient margin is a 200 answer.
    func postWhatIf(_ request: HTTPRequest) -> HTTPResponse {
        var reader = FieldReader()
        let outcome = Identifier.path(request).flatMap { id in
            BodyReading.object(request, allowed: ["fills", "market", "asOf"], &reader).map { (id, $0) }
        }.flatMap { id, body -> Result<(StoredAccount, MarginEvaluation), APIError> in
            guard reader.issues.isEmpty else { return .failure(.invalid(reader.issues)) }
            let stored: StoredAccount?
            do { stored = try store.read { try $0.accounts.account(id) } } catch { return .failure(.storage(error)) }
            guard let stored, case .object(var document) = stored.document else { return .failure(.notFound("no account '\(id)'")) }
            // The stored account, the request's market and time, and the fills as `whatIf`.
            document["market"] = body["market"]
            document["asOf"] = body["asOf"]
            document["whatIf"] = body["fills"] ?? .null
            document["instrumentNames"] = .string(AccountDocument.naming(currency: stored.currency).rawValue)
            if body["fills"] == nil || body["fills"] == .null {
                return .failure(.invalid([ValidationIssue(field: "fills", reason: "is required: a non-empty list of fills")]))
            }
            return MarginRequest.decode(JSONValue.object(document), allowGrid: false)
                .mapError(Self.renamingWhatIf)
                .flatMap(margin.evaluateWithWhatIf)
                .map { (stored, $0) }
        }
        switch outcome {
        case .failure(let error):
            return error.response(instance: request.path)
        case .success(let (account, evaluation)):
            var json = JSONStreamWriter()
            json.object { json in
                json.field("id", account.id)
                json.field("version", Double(account.version))
                if let whatIf = evaluation.whatIf { MarginResponse.writeWhatIf(whatIf, into: &json) }
            }
            return JSONResponse.make(bytes: json.finish())
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
}
