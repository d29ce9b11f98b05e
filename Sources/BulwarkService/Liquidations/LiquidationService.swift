import BulwarkJSON
import RiskCore

/// Executions of liquidation plans: checks the account may be liquidated now, settles the
/// keeper's fills (`LiquidationSettlement`, pure) and books the outcome in the transaction:
/// ledger journals, the account and any socialized accounts, and events.
struct LiquidationService: Sendable {
    let monitor: HealthMonitor
    let liquidation: LiquidationParameters

    /// Settles the fills on the account `current`; the result and the saved account.
    func execute(_ fills: [TradeFill], keeper: String, on current: StoredAccount, in transaction: any StoreTransaction, now: Double,
                 effects: inout WriteEffects) throws -> Result<(LiquidationSettlement, StoredAccount), APIError> {
        let id = current.id
        // An owner-only write: on a shared store only the instance holding the account's
        // shard executes, fenced by its lease in this transaction (docs/SCALING.md).
        if let membership = monitor.membership, membership.shared {
            guard let lease = membership.lease(for: id), try transaction.cluster.holds(lease, instance: membership.instanceID) else {
                let shard = membership.map.shard(of: id)
                let owner = try transaction.cluster.lease(of: shard)?.owner
                return .failure(.conflict("account '\(id)' is in shard \(shard), held by \(owner.map { "instance \($0)" } ?? "no instance yet"): "
                    + "send its executions there"))
            }
        }
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
        var document = monitored.document
        let issues = LiquidationSettlement.reductionIssues(fills, of: document.portfolio)
        guard issues.isEmpty else { return .failure(.invalid(issues)) }

        let fillIssues = document.portfolio.fillIssues(fills)
        guard fillIssues.isEmpty else { return .failure(.invalid(fillIssues)) }

        // Re-margined at the monitor's prices: a closed-out account below zero is bankrupt.
        let market = monitor.currentMarket
        let code = document.portfolio.currency
        guard let currency = AccountCurrency(code: code, market: market) else {
            return .failure(.conflict("account '\(id)' is in \(code), which has no index price now; retry"))
        }
        let books = LedgerBooks(currency: code)
        var settlement: LiquidationSettlement
        do throws(RiskError) {
            settlement = try LiquidationSettlement.settle(
                fills: fills, portfolio: document.portfolio, equity: figures.equity, currency: currency,
                spots: market.spots(of: Set(fills.map(\.instrument.underlying))), planner: monitor.planner) { portfolio throws(RiskError) in
                var after = document
                after.portfolio = portfolio
                let account = MonitoredAccount(id: id, version: current.version, document: after)
                let (prepared, preparedMarket) = monitor.prepared(account, market: market)
                return try monitor.margin(account, prepared, market: preparedMarket, asOf: monitor.clock())
            }
        } catch {
            return .failure(APIError(error))
        }
        try transaction.ledger.post(liquidationJournal(settlement, account: id, keeper: keeper, books: books), now: now)
        if settlement.isBankrupt {
            // The fund of the account's currency as it stands with this execution's penalties in
            // it; the loss is shared among accounts of that currency.
            settlement.coverDeficit(insuranceFund: try transaction.ledger.balance(of: books.insuranceFund),
                                    candidates: { socializationCandidates(excluding: id, currency: code, in: transaction) },
                                    method: liquidation.socialization)
            if let bankruptcy = settlement.bankruptcy {
                guard try bookDeficit(bankruptcy, account: id, books: books, in: transaction, now: now, effects: &effects) else {
                    return .failure(.conflict("an account sharing the loss of '\(id)' changed meanwhile; retry"))
                }
            }
        }
        document.portfolio = settlement.portfolio
        let saved = try transaction.accounts.save(id: id, document: document.json, now: now)
        effects.changedAccounts.append(saved)
        effects.events = try transaction.events.append(events(settlement, account: id, keeper: keeper, currency: code, now: now))
        return .success((settlement, saved))
    }

    /// Profitable accounts in `currency` other than the bankrupt one, as the monitor last
    /// margined them, and on a shared store those of every other shard too, margined here
    /// from the store: a loss is shared across the whole book, whichever instance holds each account.
    private func socializationCandidates(excluding id: String, currency: String,
                                         in transaction: any StoreTransaction) -> [LossSocialization.Candidate] {
        let elsewhere = monitor.heldElsewhere(in: transaction).map { (id: $0.id, currency: $0.currency, health: $0.health) }
        return (monitor.allHealth + elsewhere).sorted { $0.id < $1.id }.compactMap { other in
            guard other.id != id, other.currency == currency,
                  let figures = other.health?.figures, figures.unrealizedPnl > 0 else { return nil }
            return LossSocialization.Candidate(id: other.id, unrealizedPnl: figures.unrealizedPnl, costBasis: figures.costBasis,
                                               effectiveLeverage: figures.grossNotional / max(figures.equity, 1e-9))
        }
    }

    /// Penalties to the keeper and the insurance fund, and the fills' cash against the market.
    private func liquidationJournal(_ settlement: LiquidationSettlement, account id: String, keeper: String,
                                    books: LedgerBooks) -> LedgerJournal {
        var journal = LedgerJournal(reason: "liquidation")
        for fill in settlement.fills {
            journal.transfer(fill.keeperReward, from: books.account(id), to: books.keeper(keeper))
            journal.transfer(fill.insuranceFundShare, from: books.account(id), to: books.insuranceFund)
        }
        journal.transfer(settlement.tradedCash, from: books.market, to: books.account(id))
        return journal
    }

    /// The fund's draw and the socialized accounts' debits; false when one of them is gone.
    private func bookDeficit(_ bankruptcy: LiquidationSettlement.Bankruptcy, account id: String, books: LedgerBooks,
                             in transaction: any StoreTransaction, now: Double, effects: inout WriteEffects) throws -> Bool {
        var draw = LedgerJournal(reason: "insurance fund draw")
        draw.transfer(bankruptcy.insuranceFundDraw, from: books.insuranceFund, to: books.account(id))
        try transaction.ledger.post(draw, now: now)
        var social = LedgerJournal(reason: "socialized loss (\(liquidation.socialization.rawValue))")
        for allocation in bankruptcy.allocations {
            guard let other = try transaction.accounts.account(allocation.id), case .object(var document) = other.document else { return false }
            document["cash"] = .number(other.cash - allocation.amount)
            effects.changedAccounts.append(try transaction.accounts.save(id: allocation.id, document: .object(document), now: now))
            social.transfer(allocation.amount, from: books.account(allocation.id), to: books.account(id))
        }
        try transaction.ledger.post(social, now: now)
        return true
    }

    /// The execution's events: the execution, then any fund draw and socialized loss.
    private func events(_ settlement: LiquidationSettlement, account id: String, keeper: String, currency: String,
                        now: Double) -> [MonitorEvent] {
        var events = [MonitorEvent(type: "liquidation.execution", account: id, time: now, payload: JSONObject(pairs: [
            "account": .string(id), "keeper": .string(keeper), "accountCurrency": .string(currency),
            "fills": settlement.fillsJSON, "penalty": .number(settlement.penalty),
            "equityAfter": .number(settlement.equityAfter),
        ]))]
        guard let bankruptcy = settlement.bankruptcy else { return events }
        if bankruptcy.insuranceFundDraw > 0 {
            events.append(MonitorEvent(type: "insurance-fund.draw", account: id, time: now, payload: JSONObject(pairs: [
                "account": .string(id), "accountCurrency": .string(currency), "amount": .number(bankruptcy.insuranceFundDraw),
                "deficit": .number(bankruptcy.deficit),
            ])))
        }
        if bankruptcy.shortfall > 0 {
            events.append(MonitorEvent(type: "loss.socialized", account: id, time: now, payload: JSONObject(pairs: [
                "account": .string(id), "accountCurrency": .string(currency), "amount": .number(bankruptcy.socialized),
                "uncovered": .number(bankruptcy.uncovered),
                "method": .string(liquidation.socialization.rawValue), "allocations": bankruptcy.allocationsJSON,
            ])))
        }
        return events
    }
}
