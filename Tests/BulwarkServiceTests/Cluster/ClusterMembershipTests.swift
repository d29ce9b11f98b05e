import BulwarkJSON
import Foundation
import HTTPServer
import Testing
import TestSupport
@testable import BulwarkService
import RiskCore

@Suite struct ClusterMembershipTests {
    func get(_ api: BulwarkAPI, _ target: String) -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let response = api.router.handle(HTTPRequest(method: .get, target: target, headers: headers))
        return (response, try? JSONParser.parse(response.body))
    }

    @Test func aloneOnSQLiteTheInstanceHoldsEveryShard() throws {
        let store = try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-solo-\(UUID().uuidString)").path)
        let api = BulwarkAPI(store: store, priceSource: ManualPriceSource(["BTC": 60_000, "USDC": 1]))
        try api.load()
        let (response, cluster) = get(api, "/v1/cluster")
        #expect(response.status == .ok)
        #expect(cluster?["instance"] == .string("local") && cluster?["shardCount"] == .number(64) && cluster?["unowned"] == .array([]))
        #expect(cluster?["instances"]?.array?.first?["shards"]?.array?.count == 64)
        #expect(get(api, "/readyz").1?["checks"]?["cluster"] == .string("ok"))
    }
}

/// Several instances on one PostgreSQL database, in process (docs/SCALING.md).
@Suite(.enabled(if: StoreBackend.postgresql != nil, "BULWARK_TEST_POSTGRES names no server"), .serialized)
struct SharedClusterTests {
    static let accounts = 40

    /// An instance on the shared store with one-second leases.
    func instance(_ id: String, _ url: PostgreSQLURL) throws -> BulwarkAPI {
        var configuration = ClusterConfiguration()
        configuration.leaseSeconds = 1
        configuration.heartbeatSeconds = 0.2
        let store = try PostgreSQLStore(url: url)
        return BulwarkAPI(store: store, priceSource: ManualPriceSource(["BTC": 60_000, "USDC": 1]),
                          cluster: ClusterMembership(instanceID: id, configuration: configuration, store: store, shared: true))
    }

    func monitored(_ api: BulwarkAPI) -> Set<String> { Set(api.monitor!.allAccounts.map(\.id)) }

    @Test func instancesSplitTheBookAndTheSurvivorTakesAllOfItBack() throws {
        let server = try PostgreSQLURL.parse(ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"] ?? "").get()
        let url = try StoreBackend.freshDatabase(on: server)
        let seed = try PostgreSQLStore(url: url)
        // Half the book thin enough to be liquidatable at 60,000: its status events are stored
        // once. The other half in USD-settled perpetuals, which the compact book holds.
        for index in 0..<Self.accounts {
            let cash = index % 2 == 0 ? 100_000 : 500
            let instrument = index % 2 == 0 ? "BTC_USDC-PERPETUAL" : "BTC-PERPETUAL"
            _ = try seed.write { try $0.accounts.save(id: "acct-\(index)", document: .object([
                "cash": .number(Double(cash)),
                "positions": .array([.object(["instrument": .string(instrument), "size": .number(1), "entryPrice": .number(60_000)])]),
            ]), now: 0) }
        }
        let first = try instance("a", url)
        try first.load()
        #expect(monitored(first).count == Self.accounts)
        // The start's load read every shard it holds at its epoch: the first announcement of
        // those shards reads none again, and their transitions may be stored at once.
        let membership = try #require(first.monitor?.membership)
        #expect(membership.shards.count == 64 && membership.unloaded(Set(membership.leases)).isEmpty)
        let second = try instance("b", url)
        try second.load()
        defer { second.monitor!.membership!.leave() }
        // "a" gives back half at its next beat, "b" takes it at its following one.
        #expect(waitUntil(seconds: 10) { first.monitor!.membership!.shards.count == 32 && second.monitor!.membership!.shards.count == 32 })
        // Loaded and margined (a gained shard's accounts are loaded off the beat, then margined).
        #expect(waitUntil(seconds: 10) {
            monitored(first).count + monitored(second).count == Self.accounts
                && (first.monitor!.allAccounts + second.monitor!.allAccounts).allSatisfy { $0.health != nil }
        })
        #expect(monitored(first).isDisjoint(with: monitored(second)))
        // The accounts of the shards given up left the compact book too.
        for api in [first, second] {
            let monitor = try #require(api.monitor)
            #expect(monitor.state.withLock(\.book.count) == monitor.allAccounts.filter { $0.slot != nil }.count)
            #expect(monitor.allAccounts.contains { $0.slot != nil })
        }
        #expect(monitored(first).union(monitored(second)).count == Self.accounts)
        // The account list is the whole book's on either instance, in the same order, and a
        // cursor from one pages on the other.
        let (_, listedByA) = get(first, "/v1/accounts?limit=1000")
        let (_, listedByB) = get(second, "/v1/accounts?limit=1000")
        let order = listedByA?["accounts"]?.array?.compactMap { $0["id"]?.string }
        #expect(order?.count == Self.accounts && order == listedByB?["accounts"]?.array?.compactMap { $0["id"]?.string })
        #expect(listedByA?["accounts"] == listedByB?["accounts"])
        let (_, page) = get(first, "/v1/accounts?limit=15")
        let cursor = try #require(page?["nextCursor"]?.string)
        let (_, rest) = get(second, "/v1/accounts?limit=1000&cursor=\(cursor)")
        #expect(((page?["accounts"]?.array ?? []) + (rest?["accounts"]?.array ?? [])).compactMap { $0["id"]?.string } == order)
        let (_, cluster) = get(second, "/v1/cluster")
        #expect(cluster?["instances"]?.array?.compactMap { $0["id"]?.string } == ["a", "b"] && cluster?["unowned"] == .array([]))
        var statusEvents = try seed.read { try $0.events.events(after: 0, limit: 10_000).filter { $0.type == "account.status" }.count }
        #expect(statusEvents > 0)

        // A write taken by one instance reaches the owner of its shard, a delete too.
        let map = ShardMap(shardCount: 64)
        let foreign = try #require((0..<1_000).map { "new-\($0)" }.first { !first.monitor!.membership!.shards.contains(map.shard(of: $0)) })
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let put = first.router.handle(HTTPRequest(method: .put, target: "/v1/accounts/\(foreign)", headers: headers,
                                                  body: Array(#"{"cash":400,"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":60000}]}"#.utf8)))
        #expect(put.status == .created)
        #expect(waitUntil(seconds: 5) { second.monitor!.account(foreign) != nil })
        #expect(first.monitor!.account(foreign) == nil)
        // Its status event is the owner's to write, and every instance's streams learn of it.
        #expect(waitUntil(seconds: 5) { (try? seed.read { try $0.events.events(after: 0, limit: 10_000) })?.contains { $0.account == foreign } == true })
        let newest = try seed.read { try $0.events.lastID() }
        #expect(waitUntil(seconds: 5) { first.monitor!.feed.latestID == newest })
        statusEvents += 1
        // Its health reads the same on the instance that does not hold it.
        let (ownerResponse, owner) = get(second, "/v1/accounts/\(foreign)/health")
        let (otherResponse, other) = get(first, "/v1/accounts/\(foreign)/health")
        #expect(ownerResponse.status == .ok && otherResponse.status == .ok)
        for field in ["status", "equity", "maintenanceMargin", "initialMargin", "marginRatio", "version"] {
            #expect(owner?[field] != nil && owner?[field] == other?[field], "\(field): \(owner?[field] ?? .null) vs \(other?[field] ?? .null)")
        }
        // Executions are the owner's: the other instance refuses one, naming the owner.
        let execution = first.router.handle(HTTPRequest(method: .post, target: "/v1/accounts/\(foreign)/liquidations/executions", headers: headers,
                                                        body: Array(#"{"keeper":"k1","fills":[{"instrument":"BTC-PERPETUAL","size":-1,"price":60000}]}"#.utf8)))
        #expect(execution.status == .conflict)
        #expect(String(decoding: execution.body, as: UTF8.self).contains("held by instance b"), "\(String(decoding: execution.body, as: UTF8.self))")
        _ = first.router.handle(HTTPRequest(method: .delete, target: "/v1/accounts/\(foreign)", headers: headers))
        #expect(waitUntil(seconds: 5) { second.monitor!.account(foreign) == nil })

        // "a" dies without a word: once its leases lapse, "b" holds every shard and every
        // account, and announces no status a second time.
        first.monitor!.membership!.halt()
        let died = Date()
        #expect(waitUntil(seconds: 10) { second.monitor!.membership!.shards.count == 64 && monitored(second).count == Self.accounts })
        #expect(Date().timeIntervalSince(died) < 1 + 2, "failover took \(Date().timeIntervalSince(died)) s")
        #expect(monitored(second).count == Self.accounts)
        let after = try seed.read { try $0.events.events(after: 0, limit: 10_000).filter { $0.type == "account.status" }.count }
        #expect(after == statusEvents)
        // The dead instance's monitor, were it to wake (SIGSTOP, then SIGCONT), still believes
        // in its old leases; its status events are fenced out in their own transaction.
        let stale = try #require((0..<Self.accounts).map { "acct-\($0 * 2)" }.first { first.monitor!.monitors($0) && first.monitor!.account($0) != nil })
        first.monitor!.accountChanged(StoredAccount(id: stale, version: 99, document: .object([
            "cash": .number(10), "positions": .array([.object(["instrument": .string("BTC-PERPETUAL"), "size": .number(1), "entryPrice": .number(60_000)])]),
        ]), updatedAt: 0))
        #expect(first.monitor!.account(stale)?.health?.figures?.status != .healthy, "the stale monitor saw a transition")
        #expect(try seed.read { try $0.events.events(after: 0, limit: 10_000).filter { $0.type == "account.status" }.count } == statusEvents)
        let (_, survivors) = get(second, "/v1/cluster")
        #expect(survivors?["instances"]?.array?.compactMap { $0["id"]?.string } == ["b"])
    }
}

extension SharedClusterTests {
    /// A loss is shared across the whole book: the bankrupt account's owner debits a winner
    /// held by the other instance (global work, serialized by the store's write lock).
    @Test func aSocializedLossReachesAccountsOfAnotherInstancesShards() throws {
        let server = try PostgreSQLURL.parse(ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"] ?? "").get()
        let url = try StoreBackend.freshDatabase(on: server)
        let seed = try PostgreSQLStore(url: url)
        // After the split "a" holds shards 0-31 and "b" 32-63.
        let map = ShardMap(shardCount: 64)
        let winner = try #require((0..<1_000).map { "winner-\($0)" }.first { map.shard(of: $0) < 32 })
        let loser = try #require((0..<1_000).map { "loser-\($0)" }.first { map.shard(of: $0) >= 32 })
        func perpetual(_ size: Double) -> JSONValue {
            .array([.object(["instrument": .string("BTC-PERPETUAL"), "size": .number(size), "entryPrice": .number(70_000)])])
        }
        // At 60,000 the short has made 10,000 and the long lost 10,000 on 5,000 of cash.
        _ = try seed.write { transaction in
            try transaction.accounts.save(id: winner, document: .object(["cash": .number(100_000), "positions": perpetual(-1)]), now: 0)
            try transaction.accounts.save(id: loser, document: .object(["cash": .number(5_000), "positions": perpetual(1)]), now: 0)
        }
        let first = try instance("a", url)
        try first.load()
        let second = try instance("b", url)
        try second.load()
        defer { second.monitor!.membership!.leave(); first.monitor!.membership!.leave() }
        #expect(waitUntil(seconds: 10) { second.monitor!.account(loser)?.health?.figures?.status == .insolvent && first.monitor!.account(winner) != nil })
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let execution = second.router.handle(HTTPRequest(method: .post, target: "/v1/accounts/\(loser)/liquidations/executions", headers: headers,
                                                         body: Array(#"{"keeper":"k1","fills":[{"instrument":"BTC-PERPETUAL","size":-1,"price":60000}]}"#.utf8)))
        #expect(execution.status == .ok, "\(String(decoding: execution.body, as: UTF8.self))")
        // The 5,000 deficit, with an empty fund, is the winner's.
        let cash = try seed.read { try $0.accounts.account(winner)?.document["cash"] }
        #expect(cash == .number(95_000))
        #expect(waitUntil(seconds: 5) { first.monitor!.account(winner)?.version == 2 })
    }
}

private func get(_ api: BulwarkAPI, _ target: String) -> (HTTPResponse, JSONValue?) {
    ClusterMembershipTests().get(api, target)
}

extension SharedClusterTests {
    /// One instance publishes the feeds' prices; every monitor margins with them, and when the
    /// publisher dies another takes the lease and its own feeds.
    @Test func everyInstanceMarginsWithThePublishersPrices() throws {
        let server = try PostgreSQLURL.parse(ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"] ?? "").get()
        let url = try StoreBackend.freshDatabase(on: server)
        let feeds = ["a": ManualPriceSource(["BTC": 60_000, "USDC": 1]), "b": ManualPriceSource(["BTC": 61_000, "USDC": 1])]
        func instance(_ id: String) throws -> BulwarkAPI {
            var configuration = ClusterConfiguration()
            configuration.leaseSeconds = 1
            configuration.heartbeatSeconds = 0.2
            let store = try PostgreSQLStore(url: url)
            return BulwarkAPI(store: store, priceSource: feeds[id]!,
                              cluster: ClusterMembership(instanceID: id, configuration: configuration, store: store, shared: true))
        }
        // Their own feeds disagree; "a" starts first and holds the publisher's lease.
        let first = try instance("a")
        try first.load()
        let second = try instance("b")
        try second.load()
        defer { second.monitor!.membership!.leave() }
        #expect(first.monitor!.membership!.isPricePublisher && !second.monitor!.membership!.isPricePublisher)
        #expect(second.monitor!.currentMarket["BTC"]?.spot == 60_000)
        // The publisher's BTC turns volatile: both monitors pause BTC, the feed says so once.
        feeds["a"]!.set("BTC", 60_000, status: .volatile, reason: "moved 9% in a minute")
        first.monitor!.tick()
        #expect(waitUntil(seconds: 5) {
            second.monitor!.tick()
            return second.monitor!.pausedAssets["BTC"] != nil
        })
        let store = try PostgreSQLStore(url: url)
        #expect(try store.read { try $0.events.events(after: 0, limit: 100) }.filter { $0.type == "liquidations.paused" }.count == 1)
        feeds["a"]!.set("BTC", 60_000)
        first.monitor!.tick()
        let (_, cluster) = get(second, "/v1/cluster")
        #expect(cluster?["pricePublisher"] == .string("a"))
        // "a" dies: "b" takes the lease once it lapses and margins with its own feeds.
        first.monitor!.membership!.halt()
        #expect(waitUntil(seconds: 10) { second.monitor!.membership!.isPricePublisher })
        second.monitor!.tick()
        #expect(second.monitor!.currentMarket["BTC"]?.spot == 61_000)
        #expect(get(second, "/v1/cluster").1?["pricePublisher"] == .string("b"))
    }
}
