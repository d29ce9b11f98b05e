import BulwarkJSON
import HTTPServer
import RiskCore

/// Liquidation plans and executions, the insurance fund and the ledger.
struct LiquidationRoutes: Sendable {
    let store: any Store
    let writer: AccountWriter
    let monitor: HealthMonitor
    let service: LiquidationService
    var liquidation: LiquidationParameters { service.liquidation }

    static func add(_ feature: LiquidationRoutes?, to routes: inout RouteTable) {
        routes.add(.post, "/v1/accounts/{id}/liquidations/executions", .exchange, feature, LiquidationRoutes.postExecution)
        routes.add(.get, "/v1/liquidations", .reader, feature, LiquidationRoutes.listPlans)
        routes.add(.get, "/v1/insurance-fund", .reader, feature, LiquidationRoutes.insuranceFund)
        routes.add(.post, "/v1/insurance-fund/deposits", .exchange, feature, LiquidationRoutes.postInsuranceDeposit)
        routes.add(.get, "/v1/ledger", .reader, feature, LiquidationRoutes.ledger)
    }

    /// `GET /v1/liquidations?limit=`: the open plans, one per liquidatable or insolvent account, riskiest first.
    func listPlans(_ request: HTTPRequest) -> HTTPResponse {
        var issues = QueryReading.unknownIssues(request, known: ["limit"])
        let limit = Int(QueryReading.integer(request, "limit", range: 1...1_000, default: 100, issues: &issues))
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        // On a shared store, every instance plans the accounts it holds (only it may execute
        // them): their plans are merged with these in one order, and those of shards no
        // instance answered for are planned here.
        let whole = MonitorRoutes.isWholeBookRead(request, monitor)
        let others = whole ? monitor.membership.map { ClusterForwarder(membership: $0).gatherBook(request) } : nil
        let unanswered = monitor.heldElsewhere(shards: others?.unanswered ?? [])
        let accounts = (monitor.list(status: MarginStatus.insolvent.rawValue, underlying: nil, after: nil, limit: limit, including: unanswered)
            + monitor.list(status: MarginStatus.liquidatable.rawValue, underlying: nil, after: nil, limit: limit, including: unanswered))
            .prefix(limit)
        var plans = accounts.compactMap { account -> JSONValue? in
            guard let plan = monitor.plan(account) else { return nil }
            let paused = monitor.pauses(of: account)
            return .object([
                "account": .string(account.id),
                "version": .number(Double(account.version)),
                "status": .string(account.health?.statusName ?? "unpriced"),
                "accountCurrency": .string(account.document.portfolio.currency),
                "marginRatio": .number(account.health?.figures?.marginRatio),
                "paused": .bool(!paused.isEmpty),
                "pausedAssets": .object(sortingKeysOf: paused, JSONValue.string),
                "plan": plan.json,
            ])
        }
        if let others {
            for answer in others.answers { if case .array(let more)? = answer["plans"] { plans += more } }
            plans = Array(plans.sorted(by: Self.planOrder).prefix(limit))
        }
        return JSONResponse.make(.object([
            "parameters": .object([
                "targetRatio": .number(liquidation.targetRatio),
                "penaltyRate": .number(liquidation.penaltyRate),
                "keeperShare": .number(liquidation.keeperShare),
                "gasCost": .number(liquidation.gasCost),
                "socialization": .string(liquidation.socialization.rawValue),
            ]),
            "liquidationsPaused": .object(sortingKeysOf: monitor.pausedAssets, JSONValue.string),
            "plans": .array(plans),
        ]))
    }

    /// The plans' order: insolvent accounts first, then by margin ratio, then by id.
    static func planOrder(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        func key(_ plan: JSONValue) -> (Int, Double, String) {
            let insolvent = plan["status"] == .string(MarginStatus.insolvent.rawValue)
            guard case .number(let ratio)? = plan["marginRatio"], case .string(let id)? = plan["account"] else { return (2, 0, "") }
            return (insolvent ? 0 : 1, ratio, id)
        }
        return key(lhs) < key(rhs)
    }

    /// `POST /v1/accounts/{id}/liquidations/executions`: fills reported by a keeper, settled
    /// by `LiquidationService`; on a shared store, by the instance holding the account, to
    /// which another instance forwards it.
    func postExecution(_ request: HTTPRequest) -> HTTPResponse {
        if let id = request.pathParameters["id"], let membership = monitor.membership,
           let answer = ClusterForwarder(membership: membership).toOwner(of: id, request) {
            return answer
        }
        return writer.write(request) { transaction, id, current, effects in
            guard let current else { return .failure(.notFound("no account '\(id)'")) }
            var reader = FieldReader()
            let body: JSONObject
            switch BodyReading.object(request, allowed: ["keeper", "fills"], &reader) {
            case .success(let object): body = object
            case .failure(let error): return .failure(error)
            }
            let keeper = reader.string(body["keeper"], "keeper") ?? ""
            if !Identifier.isValid(keeper) { reader.fail("keeper", "is required and " + Identifier.rule) }
            if case .array(let list)? = body["fills"] {
                for (index, element) in list.enumerated() where element["fee"] != nil {
                    reader.fail("fills[\(index)].fee", "is not accepted: the engine charges the liquidation penalty")
                }
            }
            let decoded = TradeFills.decode(list: body["fills"], field: "fills", naming: AccountDocument.naming(currency: current.currency),
                                            reader: &reader)
            guard reader.issues.isEmpty, let decoded else { return .failure(.invalid(reader.issues)) }
            return try service.execute(decoded.fills, keeper: keeper, on: current, in: transaction, now: writer.seconds, effects: &effects)
                .map { settlement, saved in executionResponse(settlement, saved, keeper: keeper) }
        }
    }

    private func executionResponse(_ settlement: LiquidationSettlement, _ saved: StoredAccount, keeper: String) -> HTTPResponse {
        let penalty = settlement.penalty
        var json = JSONObject(pairs: [
            "id": .string(saved.id), "version": .number(Double(saved.version)), "keeper": .string(keeper),
            "accountCurrency": .string(saved.currency), "fills": settlement.fillsJSON, "penalty": .number(penalty),
            "keeperReward": .number(penalty * liquidation.keeperShare),
            "insuranceFundShare": .number(penalty * (1 - liquidation.keeperShare)),
            "equityAfter": .number(settlement.equityAfter),
            "maintenanceMarginAfter": .number(settlement.marginAfter.maintenanceMargin),
            "remainingPositions": .number(Double(settlement.portfolio.positions.count)),
        ])
        json["bankruptcy"] = settlement.bankruptcy?.json(method: liquidation.socialization)
        var response = JSONResponse.make(.object(json))
        response.headers.add("ETag", saved.etag)
        return response
    }

    /// `GET /v1/insurance-fund?currency=&after=&limit=`: the fund of one currency (each
    /// currency's accounts have their own): balance and its ledger history.
    func insuranceFund(_ request: HTTPRequest) -> HTTPResponse {
        var issues: [ValidationIssue] = []
        let (after, limit) = QueryReading.page(request, extra: ["currency"], issues: &issues)
        let code = request.queryParameters["currency"] ?? AccountCurrency.quoteCode
        if let issue = AccountCurrency.codeIssue(code, field: "currency") { issues.append(issue) }
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        let fund = LedgerBooks(currency: code).insuranceFund
        do {
            let (balance, history) = try store.read { transaction in
                (try transaction.ledger.balance(of: fund), try transaction.ledger.entries(book: fund, after: after, limit: limit))
            }
            return JSONResponse.make(.object([
                "currency": .string(code),
                "balance": .number(balance),
                "history": .array(history.map(\.json)),
                "nextAfter": history.count == limit ? .number(Double(history.last!.id)) : .null,
            ]))
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }

    /// `POST /v1/insurance-fund/deposits`: `{"amount": n, "currency": "BTC"}` (USD by default)
    /// from outside into that currency's fund.
    func postInsuranceDeposit(_ request: HTTPRequest) -> HTTPResponse {
        writer.idempotent(request) { transaction, _ in
            var reader = FieldReader()
            let body: JSONObject
            switch BodyReading.object(request, allowed: ["amount", "currency"], &reader) {
            case .success(let object): body = object
            case .failure(let error): return .failure(error)
            }
            let amount = reader.requiredNumber(body["amount"], "amount")
            if let amount, !(amount > 0 && amount <= ValueCheck.maximumAmount) {
                reader.fail("amount", "must be greater than 0 and at most \(ValueCheck.maximumAmount)")
            }
            let code = reader.string(body["currency"], "currency") ?? AccountCurrency.quoteCode
            if let issue = AccountCurrency.codeIssue(code, field: "currency") { reader.fail(issue.field, issue.reason) }
            guard reader.issues.isEmpty, let amount else { return .failure(.invalid(reader.issues)) }
            let books = LedgerBooks(currency: code)
            var journal = LedgerJournal(reason: "insurance fund deposit")
            journal.transfer(amount, from: books.external, to: books.insuranceFund)
            try transaction.ledger.post(journal, now: writer.seconds)
            let balance = try transaction.ledger.balance(of: books.insuranceFund)
            return .success(JSONResponse.make(.object(["currency": .string(code), "deposited": .number(amount), "balance": .number(balance)]),
                                              status: .created))
        }
    }

    /// `GET /v1/ledger?book=&after=&limit=`: every book's balance, their sum (zero), and entries.
    func ledger(_ request: HTTPRequest) -> HTTPResponse {
        var issues: [ValidationIssue] = []
        let (after, limit) = QueryReading.page(request, extra: ["book"], issues: &issues)
        let book = request.queryParameters["book"]
        if let book, book.isEmpty || book.utf8.count > 200 { issues.append(ValidationIssue(field: "book", reason: "must be 1 to 200 characters")) }
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        do {
            let (balances, entries) = try store.read { transaction in
                (try transaction.ledger.balances(), try transaction.ledger.entries(book: book, after: after, limit: limit))
            }
            // Journals move money within one currency: each currency's books sum to zero.
            let byCurrency = Dictionary(grouping: balances.books) { LedgerBooks.currency(of: $0.book) }
            let totals = byCurrency.mapValues { books in books.reduce(0) { $0 + $1.balance } }
            let balanced = byCurrency.allSatisfy { code, books in
                abs(totals[code]!) <= 1e-6 * max(1, books.reduce(0) { max($0, abs($1.balance)) })
            }
            return JSONResponse.make(.object([
                "total": .number(balances.total),
                "totals": .object(sortingKeysOf: totals, JSONValue.number),
                "balanced": .bool(balanced),
                "entryCount": .number(Double(balances.entries)),
                "books": .object(JSONObject(balances.books.map { ($0.book, JSONValue.number($0.balance)) })),
                "entries": .array(entries.map(\.json)),
                "nextAfter": entries.count == limit ? .number(Double(entries.last!.id)) : .null,
            ]))
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }
}
