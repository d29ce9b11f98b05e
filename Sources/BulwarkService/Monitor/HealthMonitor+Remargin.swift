import BulwarkJSON
import Foundation
import RiskCore

/// Re-margining (docs/PERFORMANCE.md, "The compact book"): the accounts the compact book holds
/// are margined in bulk from its shared tables, the others one by one through their profile;
/// both on every core, the results written back in place under the lock.
extension HealthMonitor {
    /// An account to re-margin as read under the lock: its row, id, version and book slot, no copy of what it holds.
    struct RemarginItem: Sendable {
        var row: AccountTable.Row
        var id: String
        var version: Int
        var slot: CompactBook.Slot?
    }

    /// Margins the given accounts (all when nil) on both cores and applies what changed.
    @discardableResult
    func remargin(ids: Set<String>?) -> Int {
        remargin { accounts in ids.map { $0.compactMap(accounts.row(of:)).sorted() } ?? accounts.allRows }
    }

    /// Margins every account exposed to one of `assets`, each once.
    func remargin(exposedTo assets: Set<String>) -> Int {
        remargin { $0.rows(exposedToAnyOf: assets) }
    }

    private func remargin(select: (AccountTable) -> [AccountTable.Row]) -> Int {
        let (selected, market, generation, book) = state.withLock { state -> ([RemarginItem], MarketData, Int, CompactBook) in
            let rows = select(state.accounts)
            var items: [RemarginItem] = []
            items.reserveCapacity(rows.count)
            for row in rows {
                items.append(RemarginItem(row: row, id: state.accounts[row: row].id, version: state.accounts[row: row].version,
                                          slot: state.accounts[row: row].slot))
            }
            return (items, state.market, state.marketGeneration, state.book)
        }
        guard !selected.isEmpty else { return 0 }
        // In the book's order: each account's positions follow the previous one's in memory
        // (rows and slots are mostly in the same order, and sorting runs in order is cheap).
        let items = selected.sorted { ($0.slot ?? .max) < ($1.slot ?? .max) }
        let asOf = clock()
        let profiles = self.profiles
        // What the book's accounts hold is priced once for all of them.
        let pricing = BookPricing(book: book, slots: items.compactMap { $0.slot }, methodology: profiles.standard, market: market,
                                  asOf: asOf) { [source] name in source?.optionQuote(name).map { ($0.markIv, $0.forward) } }
        let figures = ResultSlots<MarginFigures>(count: items.count)
        parallel(items.count) { range in
            var scratch = BookPricing.Scratch(for: pricing)
            for index in range {
                if let slot = items[index].slot { figures[index] = pricing.figures(of: slot, in: book, scratch: &scratch) }
            }
        }
        // The accounts the book does not hold or left to the method, one by one.
        let others = state.withLock { state -> [(item: Int, account: MonitoredAccount)] in
            items.indices.compactMap { index in
                let item = items[index]
                guard figures[index] == nil, state.accounts.holds(item.row, id: item.id, version: item.version) else { return nil }
                return (index, state.accounts[row: item.row].restored(from: state.book))
            }
        }
        let evaluated = ResultSlots<AccountHealth>(count: others.count)
        parallel(others.count) { range in
            for index in range { evaluated[index] = evaluate(others[index].account, market: market, asOf: asOf, profiles: profiles) }
        }
        var evaluatedItem = [Int32](repeating: -1, count: items.count)
        for (index, other) in others.enumerated() { evaluatedItem[other.item] = Int32(index) }

        let time = Double(asOf.secondsSinceEpoch)
        statusLock.lock()
        defer { statusLock.unlock() }
        let events = state.withLock { state -> [MonitorEvent] in
            var events: [MonitorEvent] = []
            for (index, item) in items.enumerated() {
                // Read and write the stored account in place (a copy costs a retain and release of
                // all it holds, a million times a tick); skip it if a newer market was applied meanwhile.
                guard state.accounts.holds(item.row, id: item.id, version: item.version),
                      state.accounts[row: item.row].marketGeneration <= generation else { continue }
                var health: AccountHealth
                if evaluatedItem[index] >= 0 {
                    guard let margined = evaluated[Int(evaluatedItem[index])] else { continue }
                    health = margined
                } else {
                    guard let bulk = figures[index] else { continue }
                    health = AccountHealth(stateVersion: 0, accountVersion: item.version, asOf: asOf, market: market,
                                           exposure: state.accounts[row: item.row].exposure)
                    health.figures = bulk
                }
                let previous = state.accounts[row: item.row].health
                let changed = previous.map { old in
                    switch (old.figures, health.figures) {
                    case let (before?, after?): before.differs(from: after)
                    case (nil, nil): old.unpricedReason != health.unpricedReason
                    default: true
                    }
                } ?? true
                health.stateVersion = changed ? state.nextStateVersion : previous!.stateVersion
                if changed { state.nextStateVersion += 1 }
                state.accounts[row: item.row].health = health
                state.accounts[row: item.row].marketGeneration = generation
                let lastStatus = state.accounts[row: item.row].lastStatus
                if let figures = health.figures, lastStatus != figures.status.rawValue {
                    events.append(MonitorEvent(type: "account.status", account: item.id, time: time, payload: JSONObject(pairs: [
                        "account": .string(item.id), "accountCurrency": .string(state.accounts[row: item.row].currency),
                        "from": lastStatus.map(JSONValue.string) ?? .null,
                        "to": .string(figures.status.rawValue),
                        "equity": .number(figures.equity),
                        "initialMargin": .number(figures.initialMargin),
                        "maintenanceMargin": .number(figures.maintenanceMargin),
                        "marginRatio": figures.marginRatio.map(JSONValue.number) ?? .null,
                        "prices": .object(sortingKeysOf: health.prices, JSONValue.number),
                    ])))
                    state.accounts[row: item.row].lastStatus = figures.status.rawValue
                }
            }
            return events
        }
        forgetRefused(events, stored: publish(events))
        return items.count
    }

    /// Runs `body` over 0..<count in a few ranges per core.
    private func parallel(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunk = (count + workers * 4 - 1) / (workers * 4)
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
            body((part * chunk)..<min(count, (part + 1) * chunk))
        }
    }

    /// The account's portfolio and market at the monitor's prices: option marks and forwards
    /// from the oracle's quotes where the account gives none.
    func prepared(_ account: MonitoredAccount, market: MarketData) -> (Portfolio, MarketData) {
        var portfolio = account.document.portfolio
        var market = market
        source?.fillOptions(&portfolio, &market, options: account.slot == nil ? account.optionNames : portfolio.optionNames)
        return (portfolio, market)
    }

    func evaluate(_ account: MonitoredAccount, market: MarketData, asOf: Timestamp, profiles: MethodologyProfiles) -> AccountHealth {
        let (portfolio, market) = prepared(account, market: market)
        var health = AccountHealth(stateVersion: 0, accountVersion: account.version, asOf: asOf, market: market,
                                   exposure: account.exposure)
        do {
            let result = try profiles.margin(portfolio, market: market, asOf: asOf, mode: account.document.mode,
                                             profile: account.document.methodology)
            health.figures = AccountHealth.Figures(result, portfolio: portfolio)
        } catch {
            health.unpricedReason = error.summary
        }
        return health
    }

    func margin(_ account: MonitoredAccount, _ portfolio: Portfolio, market: MarketData, asOf: Timestamp) throws(RiskError) -> MarginResult {
        try profiles.margin(portfolio, market: market, asOf: asOf, mode: account.document.mode, profile: account.document.methodology)
    }
}
