import BulwarkJSON
import CSocketShims
import Foundation
import PriceOracle
import RiskCore
import Synchronization

/// Holds every stored account's health and re-margins, on each price tick, only the accounts
/// exposed to an asset that moved; status transitions and liquidation pauses become events
/// (docs/ACCOUNTS.md, "Health monitor").
public final class HealthMonitor: Sendable {
    let registry: ParameterRegistry
    let liquidation: LiquidationParameters
    /// The profiles over the active parameters.
    var profiles: MethodologyProfiles { registry.current.profiles }
    var parameters: RiskParameters { registry.current.parameters }
    /// The planner over the active parameters' liquidity model.
    var planner: LiquidationPlanner {
        LiquidationPlanner(parameters: liquidation, liquidity: parameters.underlyings.mapValues(\.liquidity))
    }
    let source: (any MarketDataProvider)?
    let feed: EventFeed
    let clock: @Sendable () -> Timestamp
    let state = Mutex(State())
    /// Held from reading an account's last status to storing the transition it gives, and by
    /// a reload of statuses from the store: a reload never reads a status the same instance
    /// is about to replace (docs/SCALING.md).
    let statusLock = NSLock()
    private let levelCache = Mutex<[String: (Int, [LiquidationLevels])]>([:])
    private let planCache = Mutex<[String: (Int, LiquidationPlan)]>([:])
    private let running = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    struct State: Sendable {
        var accounts = AccountTable()
        var quotes: [String: PriceQuote] = [:]
        var market = MarketData()
        /// Counts the markets taken from the source: results margined at an older one are stale.
        var marketGeneration = 0
        var nextStateVersion = 1
        /// Assets whose liquidations are paused, with the reason.
        var paused: [String: String] = [:]
        /// The accounts margined in bulk (standard portfolio mode, USD, quote-settled): each one's `slot`.
        var book = CompactBook()
        /// One copy of each distinct exposure: most accounts of a book share a few.
        var exposures = Set<Set<String>>()
    }

    /// Which accounts this instance monitors: those of the shards it holds (nil: every one).
    public let membership: ClusterMembership?

    init(registry: ParameterRegistry, liquidation: LiquidationParameters, source: (any MarketDataProvider)?,
         feed: EventFeed, clock: @escaping @Sendable () -> Timestamp, membership: ClusterMembership? = nil) {
        self.registry = registry
        self.liquidation = liquidation
        self.source = source
        self.feed = feed
        self.clock = clock
        self.membership = membership
        membership?.onChange { [weak self] claimed in self?.followShards(claimed: claimed) }
    }

    func monitors(_ id: String) -> Bool { membership?.owns(id) ?? true }

    // MARK: Accounts

    /// Loads every stored account and the statuses their events left them in, then margins them.
    public func load() throws {
        do {
            statusLock.lock()
            defer { statusLock.unlock() }
            // The leases before the read: what is read is at least as new as they are.
            let leases = membership?.leases ?? []
            // Those a first announcement of the shards may have loaded already are not read again.
            let held = state.withLock { $0.accounts.versions }
            let (stored, statuses, paused) = try feed.store.read { transaction in
                (try heldAccounts(in: transaction) { id, version in held[id].map { $0 < version } ?? true },
                 try transaction.events.lastStatuses(), try transaction.events.pausedAssets())
            }
            state.withLock { state in
                state.paused = paused
                for account in stored {
                    guard case .success(let document) = AccountDocument.decode(account.document, parameters: parameters) else { continue }
                    insert(MonitoredAccount(id: account.id, version: account.version, document: document), into: &state)
                }
                for row in state.accounts.allRows { state.accounts[row: row].lastStatus = statuses[state.accounts[row: row].id] }
            }
            membership?.markLoaded(Set(leases))
        }
        refreshQuotes()
        remargin(ids: nil)
        // Reading and decoding the whole book freed far more than the monitor keeps: give it back.
        _ = shim_malloc_trim()
    }

    /// Holds `account`, in place of the version held before: its health, the market it was
    /// margined at and its last status are carried over. Returns its row.
    @discardableResult
    func insert(_ account: MonitoredAccount, into state: inout State) -> AccountTable.Row {
        let previous = state.accounts[account.id]
        if let slot = previous?.slot { state.book.remove(slot) }
        var account = account
        account.exposure = state.exposures.insert(account.exposure).memberAfterInsert
        if account.document.mode == .portfolio, account.document.methodology == StandardMethodology.profileName {
            account.slot = state.book.insert(account.document.portfolio)
            // The book's accounts are priced from its shared tables: their names are built only
            // when one is margined alone, and their portfolio is the book's alone.
            if account.slot != nil {
                account.optionNames = []
                account.releaseDocument()
            }
        }
        account.health = previous?.health
        account.marketGeneration = previous?.marketGeneration ?? 0
        account.lastStatus = previous?.lastStatus
        return state.accounts.put(account)
    }

    /// Stops holding the account: its row and its slot in the compact book.
    func remove(_ id: String, from state: inout State) {
        if let slot = state.accounts.remove(id)?.slot { state.book.remove(slot) }
    }

    /// A write committed: margin the new version now, so health and events follow at once.
    func accountChanged(_ stored: StoredAccount) {
        guard monitors(stored.id), case .success(let document) = AccountDocument.decode(stored.document, parameters: parameters) else { return }
        let fresh = state.withLock { state -> Bool in
            if let current = state.accounts[stored.id], current.version >= stored.version { return false }
            insert(MonitoredAccount(id: stored.id, version: stored.version, document: document), into: &state)
            return true
        }
        if fresh { remargin(ids: [stored.id]) }
    }

    func accountRemoved(_ id: String) {
        state.withLock { remove(id, from: &$0) }
        levelCache.withLock { $0[id] = nil }
        planCache.withLock { $0[id] = nil }
    }

    /// New parameters are in force: every account is margined again, cached plans and levels dropped.
    func parametersChanged() {
        levelCache.withLock { $0.removeAll() }
        planCache.withLock { $0.removeAll() }
        remargin(ids: nil)
    }

    // MARK: Ticks

    /// Reads prices; re-margins the accounts exposed to what moved. Returns how many it re-margined.
    @discardableResult
    public func tick() -> Int {
        let moved = refreshQuotes()
        guard !moved.isEmpty else { return 0 }
        return remargin(exposedTo: moved)
    }

    /// Takes the source's quotes; returns the assets whose quote changed. Pauses and resumptions become events.
    @discardableResult
    private func refreshQuotes() -> Set<String> {
        guard let source else { return [] }
        let quotes = source.quotes()
        let time = clock()
        let (moved, events) = state.withLock { state -> (Set<String>, [MonitorEvent]) in
            var moved = Set<String>()
            for (asset, quote) in quotes where state.quotes[asset] != quote { moved.insert(asset) }
            for asset in state.quotes.keys where quotes[asset] == nil { moved.insert(asset) }
            guard !moved.isEmpty else { return ([], []) }
            var events: [MonitorEvent] = []
            for asset in moved.sorted() {
                let quote = quotes[asset]
                let pauses = quote?.pausesLiquidations ?? true
                let reason = quote?.reason ?? (quote == nil ? "no price" : quote!.status.rawValue)
                if pauses, state.paused[asset] == nil {
                    state.paused[asset] = reason
                    events.append(MonitorEvent(type: "liquidations.paused", time: Double(time.secondsSinceEpoch), payload: JSONObject(pairs: [
                        "asset": .string(asset), "status": .string(quote?.status.rawValue ?? "unavailable"), "reason": .string(reason),
                    ])))
                } else if !pauses, state.paused[asset] != nil {
                    state.paused[asset] = nil
                    events.append(MonitorEvent(type: "liquidations.resumed", time: Double(time.secondsSinceEpoch), payload: JSONObject(pairs: [
                        "asset": .string(asset), "price": quote?.price.map(JSONValue.number) ?? .null,
                    ])))
                } else if pauses {
                    state.paused[asset] = reason
                }
            }
            state.quotes = quotes
            var market = MarketData()
            for (asset, quote) in quotes where quote.status != .unavailable {
                if let price = quote.price { market[asset] = AssetMarket(spot: price, spotConfidence: quote.confidence) }
            }
            state.market = market
            state.marketGeneration += 1
            return (moved, events)
        }
        publish(events)
        return moved
    }

    // MARK: Reading

    func account(_ id: String) -> MonitoredAccount? { state.withLock { state in state.accounts[id]?.restored(from: state.book) } }

    var accountCount: Int { state.withLock { $0.accounts.count } }

    /// Every account held, in no order: for whole-book work that has no use for the list's sort.
    /// The book's accounts are rebuilt after the lock, from the book as it was under it.
    var allAccounts: [MonitoredAccount] {
        let (accounts, book) = state.withLock { state in (Array(state.accounts.accounts), state.book) }
        return accounts.map { $0.restored(from: book) }
    }

    /// Every account's id, currency and health, in no order: what loss socialization reads of
    /// the whole book, without rebuilding any account's document.
    var allHealth: [(id: String, currency: String, health: AccountHealth?)] {
        state.withLock { state in state.accounts.accounts.map { ($0.id, $0.currency, $0.health) } }
    }

    /// Assets whose liquidations are paused, with why.
    var pausedAssets: [String: String] { state.withLock { $0.paused } }

    var currentMarket: MarketData { state.withLock { $0.market } }

    /// Counts by status, for /metrics.
    func statusCounts() -> [String: Int] {
        state.withLock { state in
            var counts: [String: Int] = [:]
            for account in state.accounts.accounts { counts[account.health?.statusName ?? "unpriced", default: 0] += 1 }
            return counts
        }
    }

    /// Accounts ordered by margin ratio (riskiest first; no requirement, then unpriced, last),
    /// filtered, after a cursor position.
    /// - Parameter others: accounts this instance does not hold, margined for the read (a shared store).
    func list(status: String?, underlying: String?, after cursor: AccountListCursor?, limit: Int,
              including others: [MonitoredAccount] = []) -> [MonitoredAccount] {
        guard limit > 0 else { return [] }
        // The first `limit` in list order, kept sorted while the book is scanned once: a page
        // costs O(n log limit), not a sort of the whole book per request.
        return state.withLock { state -> [MonitoredAccount] in
            var page: [(key: AccountListCursor, account: MonitoredAccount)] = []
            func consider(_ account: MonitoredAccount) {
                if let status, (account.health?.statusName ?? "unpriced") != status { return }
                let key = AccountListCursor(account)
                if let cursor, key <= cursor { return }
                if page.count == limit {
                    guard key < page[limit - 1].key else { return }
                    page.removeLast()
                }
                var low = 0, high = page.count
                while low < high {
                    let middle = (low + high) / 2
                    if page[middle].key < key { low = middle + 1 } else { high = middle }
                }
                page.insert((key, account), at: low)
            }
            if let underlying {
                for account in state.accounts.accounts(exposedTo: underlying) { consider(account) }
            } else {
                for account in state.accounts.accounts { consider(account) }
            }
            for account in others where underlying.map(account.exposure.contains) ?? true { consider(account) }
            return page.map { $0.account.restored(from: state.book) }
        }
    }

    /// Liquidation prices per underlying, computed once per state version (an account
    /// margined for a read, held elsewhere or not loaded yet, has none: never cached).
    func liquidationLevels(_ account: MonitoredAccount) -> [LiquidationLevels] {
        guard let health = account.health, let figures = health.figures else { return [] }
        let cacheable = health.stateVersion > 0
        if cacheable, let cached = levelCache.withLock({ $0[account.id] }), cached.0 == health.stateVersion { return cached.1 }
        guard figures.status < .liquidatable else { return [] }
        let (portfolio, market) = prepared(account, market: currentMarket)
        let search = LiquidationPriceSearch()
        let levels = account.document.portfolio.underlyings.compactMap { underlying in
            search.levels(underlying: underlying, market: market) { moved in
                ((try? margin(account, portfolio, market: moved, asOf: health.asOf))?.status ?? .insolvent) >= .liquidatable
            }
        }
        if cacheable { levelCache.withLock { $0[account.id] = (health.stateVersion, levels) } }
        return levels
    }

    /// The liquidation plan of a liquidatable or insolvent account, once per state version
    /// (never cached for an account held elsewhere).
    func plan(_ account: MonitoredAccount) -> LiquidationPlan? {
        guard let health = account.health, let figures = health.figures, figures.status >= .liquidatable else { return nil }
        let cacheable = health.stateVersion > 0
        if cacheable, let cached = planCache.withLock({ $0[account.id] }), cached.0 == health.stateVersion { return cached.1 }
        let (portfolio, market) = prepared(account, market: currentMarket)
        guard let plan = try? planner.plan(portfolio, margin: { try margin(account, $0, market: market, asOf: health.asOf) }) else {
            return nil
        }
        if cacheable { planCache.withLock { $0[account.id] = (health.stateVersion, plan) } }
        return plan
    }

    /// The paused assets among an account's exposure.
    func pauses(of account: MonitoredAccount) -> [String: String] {
        let paused = pausedAssets
        return paused.filter { account.exposure.contains($0.key) }
    }

    // MARK: Running

    /// Ticks every `interval` seconds on a thread of its own until `stop()`; once a minute,
    /// drops events older than `eventRetention` seconds.
    public func start(interval: Double, eventRetention: Double = 30 * 86_400) {
        guard source != nil, !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in
            var nextPrune = 0.0
            while running.load(ordering: .acquiring) {
                tick()
                let now = Double(clock().secondsSinceEpoch)
                if now >= nextPrune {
                    feed.prune(olderThan: now - eventRetention)
                    nextPrune = now + 60
                }
                Thread.sleep(forTimeInterval: interval)
            }
            stopped.signal()
        }
        thread.name = "bulwark-monitor"
        thread.start()
    }

    public func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        stopped.wait()
    }
}
