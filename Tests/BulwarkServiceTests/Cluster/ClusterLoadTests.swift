import BulwarkJSON
import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport
@testable import BulwarkService

/// Three real `bulwark serve` processes on one PostgreSQL database under load: a few thousand
/// accounts, a writer on each instance, a keeper executing liquidations through any instance,
/// a price tick every 100 ms; one instance killed (-9), later another frozen (SIGSTOP) for
/// longer than the lease and thawed (docs/SCALING.md).
@Suite(.enabled(if: StoreBackend.postgresql != nil, "BULWARK_TEST_POSTGRES names no server"), .serialized)
struct ClusterLoadTests {
    static let accounts = 2_000
    static let leaseSeconds = 2.0
    static let position = #"[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":60000}]"#

    /// A request on a connection of its own; nil when the instance did not answer in time.
    static func call(_ port: Int, _ method: String, _ path: String, body: String = "", headers: String = "",
                     timeout: Double = 10) -> (status: Int, body: String, servedBy: String?)? {
        guard let client = try? BlockingHTTPClient(port: port, timeout: timeout),
              let (status, text) = client.request(method, path, body: body, headers: headers) else { return nil }
        return (status, text, client.header("Bulwark-Served-By"))
    }

    /// Where two answers part, for a failure's message.
    static func difference(_ first: String, _ second: String) -> String {
        let first = Array(first), second = Array(second)
        guard let index = first.indices.first(where: { $0 < second.count && first[$0] != second[$0] }) else { return "lengths \(first.count) and \(second.count)" }
        let from = max(0, index - 80)
        return String(first[from..<min(first.count, index + 200)]) + " | " + String(second[from..<min(second.count, index + 200)])
    }

    static func json(_ text: String) -> JSONValue? { try? JSONParser.parse(Array(text.utf8)) }

    /// The live instances and their shards as `GET /v1/cluster` on `port` says.
    static func view(_ port: Int) -> [String: [Int]]? {
        guard let (status, body, _) = call(port, "GET", "/v1/cluster", timeout: 3), status == 200,
              case .array(let instances)? = json(body)?["instances"] else { return nil }
        var shards: [String: [Int]] = [:]
        for instance in instances {
            guard case .string(let id)? = instance["id"], case .array(let list)? = instance["shards"] else { return nil }
            shards[id] = list.compactMap { if case .number(let shard) = $0 { Int(shard) } else { nil } }
        }
        return shards
    }

    /// Every shard held by exactly one of `instances`, and no other instance listed.
    static func ownedOnce(_ view: [String: [Int]]?, by instances: Set<String>) -> Bool {
        guard let view, Set(view.keys) == instances, view.values.allSatisfy({ !$0.isEmpty }) else { return false }
        let all = view.values.flatMap { $0 }
        return all.count == 64 && Set(all) == Set(0..<64)
    }

    /// One scenario end to end, as docs/SCALING.md states it: each step needs the state the
    /// previous ones left (the book, the load, the failovers), so it is one long test.
    @Test func threeInstancesUnderLoadSurviveAKillAndAFreeze() throws {
        let server = try PostgreSQLURL.parse(ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"] ?? "").get()
        let url = try StoreBackend.freshDatabase(on: server)
        let store = try PostgreSQLStore(url: url)
        // Cash from 0 to 4,950 on one BTC long: the thin ones are liquidatable near 60,000 and
        // some cross the line as the price moves.
        try store.write { transaction in
            for index in 0..<Self.accounts {
                _ = try transaction.accounts.save(id: "acct-\(index)", document: Self.json(
                    #"{"cash":\#(50 * (index % 100)),"positions":\#(Self.position)}"#)!, now: 0)
            }
        }
        func start(_ id: String) throws -> ServiceProcess {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-load-\(id)-\(UUID().uuidString)").path
            return try ServiceProcess(dataDirectory: directory, config: #"""
                {"oracle": {"enabled": false}, "auth": {"anonymous": "admin"}, "store": "\#(url.description)", "instanceId": "\#(id)",
                 "prices": {"maxAge": 3600}, "monitor": {"intervalSeconds": 0.1},
                 "cluster": {"leaseSeconds": \#(Self.leaseSeconds), "heartbeatSeconds": 0.5}}
                """#)
        }
        let processes = try ["a", "b", "c"].map { ($0, try start($0)) }
        defer { for (_, process) in processes { kill(process.process.processIdentifier, SIGCONT); process.terminate() } }
        let ports = Dictionary(uniqueKeysWithValues: processes.map { ($0.0, $0.1.port) })
        let live = Mutex(Set(ports.keys))
        @Sendable func anyLive(_ index: Int) -> (String, Int) {
            let names = live.withLock { $0 }.sorted()
            let name = names[index % names.count]
            return (name, ports[name]!)
        }
        #expect(waitUntil(seconds: 20) { Self.ownedOnce(Self.view(ports["b"]!), by: ["a", "b", "c"]) }, "\(Self.view(ports["b"]!) ?? [:])")
        _ = Self.call(ports["a"]!, "PUT", "/v1/prices", body: #"{"prices":{"BTC":{"price":60000},"USDC":{"price":1}}}"#)
        let held = Self.view(ports["b"]!)!
        let map = ShardMap(shardCount: 64)
        func holder(_ id: String) -> String { held.first { $0.value.contains(map.shard(of: id)) }!.key }

        // Before the load: every instance answers for the whole book alike. A health read is
        // the owner's own answer; the list is one order, and a cursor from one pages on another.
        let probe = try #require((0..<Self.accounts).map { "acct-\($0)" }.first { holder($0) == "b" })
        #expect(waitUntil(seconds: 10) { Self.call(ports["b"]!, "GET", "/v1/accounts/\(probe)/health").map { Self.json($0.body)?["prices"]?["BTC"] == .number(60_000) } ?? false })
        #expect(waitUntil(seconds: 10) {
            ["a", "b", "c"].allSatisfy { Self.call(ports[$0]!, "GET", "/v1/accounts?status=unpriced&limit=1").map { Self.json($0.body)?["accounts"] == .array([]) } ?? false }
        })
        let fromOwner = try #require(Self.call(ports["b"]!, "GET", "/v1/accounts/\(probe)/health"))
        let forwarded = try #require(Self.call(ports["a"]!, "GET", "/v1/accounts/\(probe)/health"))
        #expect(forwarded.status == 200 && forwarded.servedBy == "b" && forwarded.body == fromOwner.body)
        var book = try #require(Self.call(ports["b"]!, "GET", "/v1/accounts?limit=1000"))
        #expect(waitUntil(seconds: 10) {
            book = Self.call(ports["b"]!, "GET", "/v1/accounts?limit=1000") ?? book
            return Self.call(ports["c"]!, "GET", "/v1/accounts?limit=1000")?.body == book.body
        })
        // Pages of 300 from the instances in turn list the whole book once (once every
        // owner's monitor has margined its accounts: a keyset page follows the live order).
        var listed: [JSONValue] = []
        #expect(waitUntil(seconds: 20) {
            listed = []
            var cursor: String?
            for page in 0..<10 {
                guard let answer = Self.call(anyLive(page).1, "GET", "/v1/accounts?limit=300" + (cursor.map { "&cursor=\($0)" } ?? "")),
                      let body = Self.json(answer.body) else { return false }
                listed += body["accounts"]?.array ?? []
                guard case .string(let next)? = body["nextCursor"] else { break }
                cursor = next
            }
            let ids = listed.compactMap(\.["id"]?.string)
            return ids.count == Self.accounts && Set(ids).count == Self.accounts
        }, "\(listed.count) listed, \(Set(listed.compactMap(\.["id"]?.string)).count) distinct; cluster \(Self.view(ports["a"]!) ?? [:])")
        book = Self.call(ports["b"]!, "GET", "/v1/accounts?limit=1000") ?? book
        #expect(Array(listed.prefix(1_000)) == Self.json(book.body)?["accounts"]?.array)
        // (Plans are made as each owner's monitor margins: the same once it has.)
        var plansOnA: String?, plansOnC: String?
        #expect(waitUntil(seconds: 15) {
            plansOnA = Self.call(ports["a"]!, "GET", "/v1/liquidations?limit=100")?.body
            plansOnC = Self.call(ports["c"]!, "GET", "/v1/liquidations?limit=100")?.body
            return plansOnA != nil && plansOnA == plansOnC
        }, "\(Self.difference(plansOnA ?? "", plansOnC ?? ""))")
        #expect((Self.json(plansOnA ?? "")?["plans"]?.array?.count ?? 0) > 0)

        // The load: ticks, a writer per instance, a keeper.
        let stop = Atomic<Bool>(false)
        let lastPrice = Mutex(60_000.0)
        let acknowledged = Mutex<[(id: String, key: String, status: Int, body: String)]>([])
        let executions = Mutex<[(account: String, key: String, request: String, status: Int, body: String, forwarded: Bool)]>([])
        let group = DispatchGroup()
        func run(_ name: String, _ body: @escaping @Sendable () -> Void) {
            group.enter()
            let thread = Thread { body(); group.leave() }
            thread.name = name
            thread.start()
        }
        run("ticker") {
            var tick = 0
            while !stop.load(ordering: .relaxed) {
                tick += 1
                let price = (60_000 * (1 + 0.015 * sin(Double(tick) / 9))).rounded()
                if Self.call(anyLive(tick).1, "PUT", "/v1/prices/BTC", body: #"{"price":\#(price)}"#, timeout: 2)?.status == 200 {
                    lastPrice.withLock { $0 = price }
                }
                usleep(100_000)
            }
        }
        for (offset, name) in ["a", "b", "c"].enumerated() {
            run("writer-\(name)") {
                var target = offset
                for index in 0..<400 where !stop.load(ordering: .relaxed) {
                    let id = "w-\(name)-\(index)", key = "key-\(name)-\(index)"
                    let (_, port) = anyLive(target)
                    if let answer = Self.call(port, "PUT", "/v1/accounts/\(id)", body: #"{"cash":100000,"positions":\#(Self.position)}"#,
                                              headers: "Idempotency-Key: \(key)\r\n", timeout: 5), [200, 201].contains(answer.status) {
                        acknowledged.withLock { $0.append((id, key, answer.status, answer.body)) }
                    } else {
                        target += 1
                    }
                    usleep(20_000)
                }
            }
        }
        run("keeper") {
            var round = 0
            var done = Set<String>()
            while !stop.load(ordering: .relaxed) && done.count < 60 {
                round += 1
                guard let (_, plans, _) = Self.call(anyLive(round).1, "GET", "/v1/liquidations?limit=20", timeout: 3),
                      case .array(let list)? = Self.json(plans)?["plans"] else { usleep(200_000); continue }
                for plan in list.prefix(3) {
                    guard case .string(let account)? = plan["account"], case .number(let version)? = plan["version"], !done.contains(account) else { continue }
                    let key = "exec-\(account)-\(Int(version))"
                    let request = #"{"keeper":"k1","fills":[{"instrument":"BTC-PERPETUAL","size":-1,"price":\#(lastPrice.withLock { $0 })}]}"#
                    let (name, port) = anyLive(round + account.count)
                    guard let answer = Self.call(port, "POST", "/v1/accounts/\(account)/liquidations/executions", body: request,
                                                 headers: "Idempotency-Key: \(key)\r\n", timeout: 10) else { continue }
                    if answer.status == 200 {
                        done.insert(account)
                        executions.withLock { $0.append((account, key, request, answer.status, answer.body, answer.servedBy != nil && answer.servedBy != name)) }
                    }
                }
                usleep(100_000)
            }
        }

        // kill -9 "a": "b" and "c" hold every shard within the lease and a few seconds.
        sleep(4)
        processes[0].1.kill9()
        live.withLock { _ = $0.remove("a") }
        var lost = Date()
        #expect(waitUntil(seconds: 20) { Self.ownedOnce(Self.view(ports["b"]!), by: ["b", "c"]) }, "\(Self.view(ports["b"]!) ?? [:])")
        let afterKill = Date().timeIntervalSince(lost)
        #expect(afterKill < Self.leaseSeconds + 5, "the shards of the killed instance took \(afterKill) s")

        // SIGSTOP "c" for twice the lease: "b" takes everything; thawed, "c" claims its share
        // again and commits nothing with its old epochs.
        sleep(2)
        kill(processes[2].1.process.processIdentifier, SIGSTOP)
        live.withLock { _ = $0.remove("c") }
        lost = Date()
        #expect(waitUntil(seconds: 20) { Self.ownedOnce(Self.view(ports["b"]!), by: ["b"]) }, "\(Self.view(ports["b"]!) ?? [:])")
        let afterFreeze = Date().timeIntervalSince(lost)
        #expect(afterFreeze < Self.leaseSeconds + 5, "the shards of the frozen instance took \(afterFreeze) s")
        usleep(UInt32(max(0, 2 * Self.leaseSeconds + 1 - afterFreeze) * 1_000_000))
        kill(processes[2].1.process.processIdentifier, SIGCONT)
        #expect(waitUntil(seconds: 20) { Self.ownedOnce(Self.view(ports["b"]!), by: ["b", "c"]) }, "\(Self.view(ports["b"]!) ?? [:])")
        live.withLock { _ = $0.insert("c") }
        sleep(2)
        stop.store(true, ordering: .relaxed)
        group.wait()

        // Every account is margined at a tick after the failovers.
        let final = 60_321.0
        #expect(Self.call(ports["b"]!, "PUT", "/v1/prices/BTC", body: #"{"price":\#(final)}"#)?.status == 200)
        let written = acknowledged.withLock { $0 }
        let executed = executions.withLock { $0 }
        // (An account whose position a keeper closed, acknowledged or not, has no BTC left to be margined at.)
        let closed = Set(try store.read { try $0.events.events(after: 0, limit: 1_000_000) }.filter { $0.type == "liquidation.execution" }.compactMap(\.account))
        let ids = ((0..<Self.accounts).map { "acct-\($0)" } + written.map(\.id)).filter { !closed.contains($0) }
        var stale = ids
        #expect(waitUntil(seconds: 30) {
            stale = stale.filter { id in
                Self.call(anyLive(id.count).1, "GET", "/v1/accounts/\(id)/health").map { Self.json($0.body)?["prices"]?["BTC"] != .number(final) } ?? true
            }
            return stale.isEmpty
        }, "\(stale.count) accounts not margined at the last tick, e.g. \(stale.prefix(3))")

        // No acknowledged write is lost, and its key replays the first answer on another instance.
        #expect(written.count > 60, "only \(written.count) writes were acknowledged")
        for (index, write) in written.enumerated() {
            let (_, port) = anyLive(index)
            #expect(Self.call(port, "GET", "/v1/accounts/\(write.id)")?.status == 200, "\(write.id) is lost")
            let replay = Self.call(port, "PUT", "/v1/accounts/\(write.id)", body: #"{"cash":100000,"positions":\#(Self.position)}"#,
                                   headers: "Idempotency-Key: \(write.key)\r\n")
            #expect(replay?.status == write.status && replay?.body == write.body, "\(write.key) did not replay")
        }

        // Each execution happened once (forwarded to the owner from other instances), and replays.
        #expect(!executed.isEmpty && executed.contains { $0.forwarded }, "\(executed.count) executions, none forwarded")
        let events = try store.read { try $0.events.events(after: 0, limit: 1_000_000) }
        var executionEvents: [String: Int] = [:]
        for event in events where event.type == "liquidation.execution" { executionEvents[event.account ?? "", default: 0] += 1 }
        #expect(executionEvents.values.allSatisfy { $0 == 1 }, "\(executionEvents.filter { $0.value > 1 })")
        #expect(Set(executed.map(\.account)).isSubset(of: Set(executionEvents.keys)))
        for (index, execution) in executed.enumerated() {
            let replay = Self.call(anyLive(index).1, "POST", "/v1/accounts/\(execution.account)/liquidations/executions", body: execution.request,
                                   headers: "Idempotency-Key: \(execution.key)\r\n")
            #expect(replay?.status == execution.status && replay?.body == execution.body, "\(execution.key) did not replay")
        }

        // Each account's status events chain: every one starts where the last ended, none
        // repeats (a stale owner's transition would), whichever instance wrote it.
        var last: [String: JSONValue] = [:]
        var broken: [String] = []
        for event in events where event.type == "account.status" {
            let account = event.account ?? ""
            let from = event.payload["from"] ?? .null, to = event.payload["to"] ?? .null
            if from != (last[account] ?? .null) || from == to {
                broken.append("\(account) #\(event.id) at \(event.time): \(from) -> \(to) after \(last[account] ?? .null)")
            }
            last[account] = to
        }
        #expect(broken.isEmpty, "\(broken.count) broken chains: \(broken.prefix(5))")
        #expect(Set(last.keys).isSuperset(of: (0..<Self.accounts).map { "acct-\($0)" }))

        // The ledger balances; every shard has one live owner.
        #expect(abs(try store.read { try $0.ledger.balances() }.total) < 1e-6)
        #expect(Self.ownedOnce(Self.view(ports["c"]!), by: ["b", "c"]))
    }
}
