import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore

extension BulwarkAPI {
    static func planJSON(_ plan: LiquidationPlan) -> JSONValue {
        .object([
            "statusBefore": .string(plan.statusBefore.rawValue),
            "equityBefore": .number(plan.equityBefore),
            "maintenanceMarginBefore": .number(plan.maintenanceMarginBefore),
            "marginRatioBefore": .number(plan.marginRatioBefore),
            "targetRatio": .number(plan.targetRatio),
            "reachesTarget": .bool(plan.reachesTarget),
            "equityAfter": .number(plan.equityAfter),
            "maintenanceMarginAfter": .number(plan.maintenanceMarginAfter),
            "marginRatioAfter": .number(plan.marginRatioAfter),
            "expectedShortfall": .number(plan.expectedShortfall),
            "totalPenalty": .number(plan.totalPenalty),
            "steps": .array(plan.steps.map { step in
                .object([
                    "instrument": .instrument(step.instrument),
                    "size": .number(step.size),
                    "fraction": .number(step.fraction),
                    "markPrice": .number(step.markPrice),
                    "notional": .number(step.notional),
                    "expectedSlippage": .number(step.expectedSlippage),
                    "penalty": .number(step.penalty),
                    "keeperReward": .number(step.keeperReward),
                    "insuranceFundShare": .number(step.insuranceFundShare),
                    "gasCost": .number(step.gasCost),
                    "keeperProfit": .number(step.keeperProfit),
                    "maintenanceMarginReduction": .number(step.maintenanceMarginReduction),
                    "equityAfter": .number(step.equityAfter),
                    "maintenanceMarginAfter": .number(step.maintenanceMarginAfter),
                    "marginRatioAfter": .number(step.marginRatioAfter),
                ])
            }),
            "keeperEconomics": .object([
                "economic": .bool(plan.economics.isEconomic),
                "keeperRevenue": .number(plan.economics.keeperRevenue),
                "expectedSlippage": .number(plan.economics.expectedSlippage),
                "gasCost": .number(plan.economics.gasCost),
                "keeperProfit": .number(plan.economics.keeperProfit),
                "breakEvenPenaltyRate": .number(plan.economics.breakEvenPenaltyRate),
                "penaltyCappedByEquity": .bool(plan.economics.penaltyCappedByEquity),
            ]),
        ])
    }

    /// `GET /v1/liquidations?limit=`: the open plans, one per liquidatable or insolvent account, riskiest first.
    func liquidations(_ request: HTTPRequest) -> HTTPResponse {
        guard let monitor else { return APIError.storeUnavailable.response(instance: request.path) }
        var issues = Self.unknownQueryIssues(request, known: ["limit"])
        let limit = Self.integerQuery(request, "limit", range: 1...1_000, default: 100, issues: &issues)
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        let accounts = (monitor.list(status: MarginStatus.insolvent.rawValue, underlying: nil, after: nil, limit: Int(limit))
            + monitor.list(status: MarginStatus.liquidatable.rawValue, underlying: nil, after: nil, limit: Int(limit)))
            .prefix(Int(limit))
        return BulwarkAPI.json(.object([
            "parameters": .object([
                "targetRatio": .number(liquidation.targetRatio),
                "penaltyRate": .number(liquidation.penaltyRate),
                "keeperShare": .number(liquidation.keeperShare),
                "gasCost": .number(liquidation.gasCost),
                "socialization": .string(liquidation.socialization.rawValue),
            ]),
            "liquidationsPaused": .object(sortingKeysOf: monitor.pausedAssets, JSONValue.string),
            "plans": .array(accounts.compactMap { account -> JSONValue? in
                guard let plan = monitor.plan(account) else { return nil }
                let paused = monitor.pauses(of: account)
                return .object([
                    "account": .string(account.id),
                    "version": .number(Double(account.version)),
                    "status": .string(account.health?.statusName ?? "unpriced"),
                    "paused": .bool(!paused.isEmpty),
                    "pausedAssets": .object(sortingKeysOf: paused, JSONValue.string),
                    "plan": Self.planJSON(plan),
                ])
            }),
        ]))
    }

    /// `POST /v1/accounts/{id}/liquidations/executions`: fills reported by a keeper. Each pays
    /// the penalty (keeper share and insurance fund); an account left with no positions and
    /// negative equity draws the insurance fund, and what it cannot cover is socialized.
    func postExecution(_ request: HTTPRequest) -> HTTPResponse {
        guard let monitor else { return APIError.storeUnavailable.response(instance: request.path) }
        return accountWrite(request) { transaction, id, current, effects in
            guard let current else { return .failure(.notFound("no account '\(id)'")) }
            var reader = FieldReader()
            let body: JSONObject
            switch BodyReading.object(request, allowed: ["keeper", "fills"], &reader) {
            case .success(let object): body = object
            case .failure(let error): return .failure(error)
            }
            let keeper = reader.string(body["keeper"], "keeper") ?? ""
            if !BulwarkAPI.isValidAccountID(keeper) {
                reader.fail("keeper", "is required and " + BulwarkAPI.accountIDRule)
            }
            var rawFills: [JSONValue] = []
            if case .array(let list)? = body["fills"] { rawFills = list }
            for (index, element) in rawFills.enumerated() {
                if element["fee"] != nil { reader.fail("fills[\(index)].fee", "is not accepted: the engine charges the liquidation penalty") }
            }
            let decoded = TradeFills.decode(list: body["fills"], field: "fills", reader: &reader)
            guard reader.issues.isEmpty, let decoded else { return .failure(.invalid(reader.issues)) }

            guard let monitored = monitor.account(id), monitored.version == current.version, let health = monitored.health else {
                return .failure(.conflict("account '\(id)' has no current health yet; retry"))
            }
            guard let figures = health.figures else {
                // Retrying cannot help until the missing price (or a valid account) arrives: say which.
                return .failure(.conflict("account '\(id)' cannot be margined (\(health.unpricedReason ?? "no prices yet")), so it cannot be liquidated"))
            }
            guard figures.status >= .liquidatable else {
                return .failure(.conflict("account '\(id)' is \(figures.status.rawValue) (margin ratio \(figures.marginRatio.map { String($0) } ?? "n/a")): only liquidatable or insolvent accounts are liquidated"))
            }
            let paused = monitor.pauses(of: monitored)
            guard paused.isEmpty else {
                return .failure(.conflict("liquidations are paused on \(paused.keys.sorted().joined(separator: ", ")): "
                    + paused.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")))
            }
            let document = monitored.document
            // Every fill must reduce a position, never open or flip one.
            var remaining = Dictionary(document.portfolio.positions.map { ($0.instrument, $0.size) }, uniquingKeysWith: +)
            var issues: [ValidationIssue] = []
            for (index, fill) in decoded.fills.enumerated() {
                let held = remaining[fill.instrument] ?? 0
                if held == 0 {
                    issues.append(ValidationIssue(field: "fills[\(index)].instrument", reason: "the account holds no \(fill.instrument)"))
                } else if (held > 0) == (fill.size > 0) || abs(fill.size) > abs(held) * (1 + 1e-9) {
                    issues.append(ValidationIssue(field: "fills[\(index)].size",
                                                  reason: "must reduce the position of \(held) (opposite sign, at most its size)"))
                } else {
                    remaining[fill.instrument] = held + fill.size
                }
            }
            guard issues.isEmpty else { return .failure(.invalid(issues)) }

            // The penalty on each fill's notional, never more than the equity left.
            let market = monitor.currentMarket
            var equityLeft = figures.equity
            var charged: [TradeFills.Fill] = []
            var executed: [JSONValue] = []
            var journal = LedgerJournal(reason: "liquidation")
            let planner = monitor.planner
            for fill in decoded.fills {
                let spot = market[fill.instrument.underlying]?.spot ?? fill.price
                let notional = abs(fill.size) * spot
                let penalty = planner.penalty(notional: notional, equity: equityLeft).amount
                equityLeft -= penalty
                let keeperReward = penalty * liquidation.keeperShare
                journal.transfer(keeperReward, from: LedgerJournal.account(id), to: LedgerJournal.keeper(keeper))
                journal.transfer(penalty - keeperReward, from: LedgerJournal.account(id), to: LedgerJournal.insuranceFund)
                charged.append(TradeFills.Fill(instrument: fill.instrument, size: fill.size, price: fill.price, fee: penalty))
                executed.append(.object([
                    "instrument": .instrument(fill.instrument), "size": .number(fill.size), "price": .number(fill.price),
                    "notional": .number(notional), "penalty": .number(penalty), "keeperReward": .number(keeperReward),
                    "insuranceFundShare": .number(penalty - keeperReward),
                ]))
            }
            var updated = TradeFills(fills: charged).apply(to: document)
            let penalties = charged.reduce(0) { $0 + $1.fee }
            journal.transfer(updated.portfolio.cash - document.portfolio.cash + penalties, from: LedgerJournal.market, to: LedgerJournal.account(id))
            let now = clockSeconds
            try transaction.post(journal, now: now)

            // Re-margined at the monitor's prices: a closed-out account below zero is bankrupt.
            let account = MonitoredAccount(id: id, version: current.version, document: updated)
            let (portfolio, prepared) = monitor.prepared(account, market: market)
            let after: MarginResult
            do throws(RiskError) { after = try monitor.margin(account, portfolio, market: prepared, asOf: self.now()) } catch { return .failure(APIError(error)) }
            var bankruptcy: JSONValue?
            var events: [MonitorEvent] = []
            // Cash credited after the fills: the fund's draw and the socialized amounts.
            var credited = 0.0
            if updated.portfolio.positions.isEmpty && after.equity < 0 {
                let deficit = -after.equity
                let fund = max(0, try transaction.balance(of: LedgerJournal.insuranceFund))
                let draw = min(fund, deficit)
                var drawJournal = LedgerJournal(reason: "insurance fund draw")
                drawJournal.transfer(draw, from: LedgerJournal.insuranceFund, to: LedgerJournal.account(id))
                try transaction.post(drawJournal, now: now)
                updated.portfolio.cash += draw
                credited += draw
                let shortfall = deficit - draw
                var allocations: [LossSocialization.Allocation] = []
                var uncovered = 0.0
                if shortfall > 0 {
                    let candidates = monitor.allAccounts.compactMap { other -> LossSocialization.Candidate? in
                        guard other.id != id, let figures = other.health?.figures, figures.unrealizedPnl > 0 else { return nil }
                        return LossSocialization.Candidate(id: other.id, unrealizedPnl: figures.unrealizedPnl, costBasis: figures.costBasis,
                                                           effectiveLeverage: figures.grossNotional / max(figures.equity, 1e-9))
                    }
                    (allocations, uncovered) = LossSocialization.allocate(loss: shortfall, among: candidates, method: liquidation.socialization)
                    var socialJournal = LedgerJournal(reason: "socialized loss (\(liquidation.socialization.rawValue))")
                    for allocation in allocations {
                        guard let other = try transaction.account(allocation.id), case .object(var otherDocument) = other.document else { continue }
                        otherDocument["cash"] = .number(Self.storedCash(other) - allocation.amount)
                        effects.changedAccounts.append(try transaction.save(id: allocation.id, document: .object(otherDocument), now: now))
                        socialJournal.transfer(allocation.amount, from: LedgerJournal.account(allocation.id), to: LedgerJournal.account(id))
                        updated.portfolio.cash += allocation.amount
                        credited += allocation.amount
                    }
                    try transaction.post(socialJournal, now: now)
                }
                let allocationJSON = JSONValue.array(allocations.map { .object(["account": .string($0.id), "amount": .number($0.amount),
                                                                                  "rank": $0.rank.map { .number(Double($0)) }]) })
                bankruptcy = .object([
                    "deficit": .number(deficit), "insuranceFundDraw": .number(draw), "socialized": .number(shortfall - uncovered),
                    "method": .string(liquidation.socialization.rawValue), "allocations": allocationJSON, "uncovered": .number(uncovered),
                ])
                if draw > 0 {
                    events.append(MonitorEvent(type: "insurance-fund.draw", account: id, time: now, payload: JSONObject(pairs: [
                        "account": .string(id), "amount": .number(draw), "deficit": .number(deficit),
                    ])))
                }
                if shortfall > 0 {
                    events.append(MonitorEvent(type: "loss.socialized", account: id, time: now, payload: JSONObject(pairs: [
                        "account": .string(id), "amount": .number(shortfall - uncovered), "uncovered": .number(uncovered),
                        "method": .string(liquidation.socialization.rawValue), "allocations": allocationJSON,
                    ])))
                }
            }
            let saved = try transaction.save(id: id, document: updated.json, now: now)
            effects.changedAccounts.append(saved)
            events.insert(MonitorEvent(type: "liquidation.execution", account: id, time: now, payload: JSONObject(pairs: [
                "account": .string(id), "keeper": .string(keeper), "fills": .array(executed), "penalty": .number(penalties),
                "equityAfter": .number(after.equity + credited),
            ])), at: 0)
            effects.events = try transaction.appendEvents(events)
            var json = JSONObject(pairs: [
                "id": .string(id), "version": .number(Double(saved.version)), "keeper": .string(keeper),
                "fills": .array(executed), "penalty": .number(penalties),
                "keeperReward": .number(penalties * liquidation.keeperShare),
                "insuranceFundShare": .number(penalties * (1 - liquidation.keeperShare)),
                "equityAfter": .number(after.equity + credited),
                "maintenanceMarginAfter": .number(after.maintenanceMargin),
                "remainingPositions": .number(Double(updated.portfolio.positions.count)),
            ])
            json["bankruptcy"] = bankruptcy
            var response = BulwarkAPI.json(.object(json))
            response.headers.add("ETag", saved.etag)
            return .success(response)
        }
    }

    /// `GET /v1/insurance-fund?after=&limit=`: balance, totals in and out, and its ledger history.
    func insuranceFund(_ request: HTTPRequest) -> HTTPResponse {
        guard let store else { return APIError.storeUnavailable.response(instance: request.path) }
        var issues: [ValidationIssue] = []
        let (after, limit) = Self.pageQuery(request, issues: &issues)
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        do {
            let balance = try store.balance(of: LedgerJournal.insuranceFund)
            let history = try store.ledgerEntries(book: LedgerJournal.insuranceFund, after: after, limit: limit)
            return BulwarkAPI.json(.object([
                "balance": .number(balance),
                "history": .array(history.map(Self.entryJSON)),
                "nextAfter": history.count == limit ? .number(Double(history.last!.id)) : .null,
            ]))
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }

    static func entryJSON(_ entry: LedgerEntry) -> JSONValue {
        .object([
            "id": .number(Double(entry.id)), "journal": .number(Double(entry.journal)), "book": .string(entry.book),
            "amount": .number(entry.amount), "reason": .string(entry.reason),
            "time": .string(Timestamp(secondsSinceEpoch: Int64(entry.createdAt)).iso8601),
        ])
    }

    /// `POST /v1/insurance-fund/deposits`: `{"amount": n}` from outside into the fund.
    func postInsuranceDeposit(_ request: HTTPRequest) -> HTTPResponse {
        idempotentWrite(request) { transaction, _ in
            var reader = FieldReader()
            let body: JSONObject
            switch BodyReading.object(request, allowed: ["amount"], &reader) {
            case .success(let object): body = object
            case .failure(let error): return .failure(error)
            }
            let amount = reader.requiredNumber(body["amount"], "amount")
            if let amount, !(amount > 0 && amount <= ValueCheck.maximumAmount) {
                reader.fail("amount", "must be greater than 0 and at most \(ValueCheck.maximumAmount)")
            }
            guard reader.issues.isEmpty, let amount else { return .failure(.invalid(reader.issues)) }
            var journal = LedgerJournal(reason: "insurance fund deposit")
            journal.transfer(amount, from: LedgerJournal.external, to: LedgerJournal.insuranceFund)
            try transaction.post(journal, now: clockSeconds)
            let balance = try transaction.balance(of: LedgerJournal.insuranceFund)
            return .success(BulwarkAPI.json(.object(["deposited": .number(amount), "balance": .number(balance)]), status: .created))
        }
    }

    /// `GET /v1/ledger?book=&after=&limit=`: every book's balance, their sum (zero), and entries.
    func ledger(_ request: HTTPRequest) -> HTTPResponse {
        guard let store else { return APIError.storeUnavailable.response(instance: request.path) }
        var issues: [ValidationIssue] = []
        let (after, limit) = Self.pageQuery(request, extra: ["book"], issues: &issues)
        let book = request.queryParameters["book"]
        if let book, book.isEmpty || book.utf8.count > 200 { issues.append(ValidationIssue(field: "book", reason: "must be 1 to 200 characters")) }
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        do {
            let balances = try store.ledgerBalances()
            let entries = try store.ledgerEntries(book: book, after: after, limit: limit)
            return BulwarkAPI.json(.object([
                "total": .number(balances.total),
                "balanced": .bool(abs(balances.total) <= 1e-6 * max(1, balances.books.reduce(0) { max($0, abs($1.1)) })),
                "entryCount": .number(Double(balances.entries)),
                "books": .object(JSONObject(balances.books.map { ($0.0, JSONValue.number($0.1)) })),
                "entries": .array(entries.map(Self.entryJSON)),
                "nextAfter": entries.count == limit ? .number(Double(entries.last!.id)) : .null,
            ]))
        } catch {
            return APIError.storage(error).response(instance: request.path)
        }
    }
}
