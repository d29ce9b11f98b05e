import BulwarkJSON
import Foundation
import HTTPServer
import PostgresNIO
import Synchronization
import Testing
@testable import BulwarkService
import RiskCore

/// What only the PostgreSQL store has to show, on the server `BULWARK_TEST_POSTGRES` names
/// (`.ci/run` starts one); the shared contract is StoreContractTests.
@Suite(.enabled(if: StoreBackend.postgresql != nil, "BULWARK_TEST_POSTGRES names no server"))
struct PostgreSQLStoreTests {
    func freshURL() throws -> PostgreSQLURL {
        let server = try PostgreSQLURL.parse(ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"] ?? "").get()
        return try StoreBackend.freshDatabase(on: server)
    }

    @Test func aSecondInstanceFindsTheSchemaAndTheData() throws {
        let url = try freshURL()
        let first = try PostgreSQLStore(url: url)
        _ = try first.write { try $0.accounts.save(id: "acct-1", document: .object(["cash": .number(5)]), now: 1) }
        // Opening again migrates nothing and reads what the first committed.
        let second = try PostgreSQLStore(url: url)
        #expect(try second.read { try $0.accounts.account("acct-1")?.version } == 1)
        let migrations = try first.pool.withConnection { connection in
            try first.pool.run("SELECT count(*) FROM bulwark_migration", on: connection).first(where: { _ in true })?.decode(Int.self)
        }
        #expect(migrations == PostgreSQLSchema.migrations.count)
    }

    @Test func theAuditLogRefusesChanges() throws {
        let store = try PostgreSQLStore(url: try freshURL())
        try store.write { try $0.governance.audit(time: 1, actor: "risk-1", action: "proposal.submitted", proposal: "prop-1", detail: JSONObject()) }
        for statement in ["UPDATE audit SET actor = 'mallory'", "DELETE FROM audit", "TRUNCATE audit"] {
            #expect(throws: (any Error).self, "\(statement)") {
                try store.write { _ = try ($0 as! PostgreSQLTransaction).rows(PostgresQuery(unsafeSQL: statement)) }
            }
        }
        #expect(try store.read { try $0.governance.auditEntries().map(\.actor) } == ["risk-1"])
    }

    /// Writers are serialized: read-check-write from many threads loses no update.
    @Test func concurrentWritersNeverInterleave() throws {
        let store = try PostgreSQLStore(url: try freshURL())
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            do {
                try store.write { transaction in
                    let cash = try transaction.accounts.account("acct-1").flatMap { account -> Double? in
                        if case .number(let value)? = account.document["cash"] { value } else { nil }
                    } ?? 0
                    try transaction.accounts.save(id: "acct-1", document: .object(["cash": .number(cash + 1)]), now: Double(index))
                    try transaction.ledger.post(LedgerJournal(reason: "deposit \(index)", lines: [
                        .init(book: "account:acct-1", amount: 1), .init(book: "venue", amount: -1)]), now: Double(index))
                }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        let account = try #require(try store.read { try $0.accounts.account("acct-1") })
        #expect(account.version == 40 && account.document["cash"] == .number(40))
        let balances = try store.read { try $0.ledger.balances() }
        #expect(balances.total == 0 && balances.entries == 80)
        // Forty journals, numbered 1 to 40 without a gap or a repeat.
        let journals = try store.read { try $0.ledger.entries(book: "venue", after: 0, limit: 100).map(\.journal) }
        #expect(journals.sorted() == Array(1...40))
    }

    @Test func killNineLosesNoAcknowledgedWrite() throws {
        let url = try freshURL()
        let written = try AccountWriterTests().killNineLosesNoAcknowledgedWrite(
            config: #"{"oracle": {"enabled": false}, "auth": {"anonymous": "admin"}, "store": "\#(url.description)"}"#)
        // In PostgreSQL, not in a file of the data directory.
        let stored = try PostgreSQLStore(url: url).read { transaction in try written.filter { try transaction.accounts.account($0) != nil } }
        #expect(stored.count == written.count)
    }

    /// Any instance answers a retry: an Idempotency-Key stored by one replays from another.
    @Test func aRetryToAnotherInstanceReplaysTheFirstAnswer() throws {
        let url = try freshURL()
        let instances = try (0..<2).map { _ in
            BulwarkAPI(now: { Timestamp(iso8601: "2026-12-01T08:00:00Z")! }, store: try PostgreSQLStore(url: url),
                       priceSource: ManualPriceSource(["BTC": 60_000, "USDC": 1]))
        }
        for api in instances { try api.load() }
        func put(_ api: BulwarkAPI, cash: Int) -> HTTPResponse {
            var headers = HTTPHeaders()
            headers.add("Host", "test")
            headers.add("Idempotency-Key", "deposit-7")
            return api.router.handle(HTTPRequest(method: .put, target: "/v1/accounts/acct-1", headers: headers,
                                                 body: Array(#"{"cash":\#(cash),"positions":[]}"#.utf8)))
        }
        let first = put(instances[0], cash: 1_000)
        #expect(first.status == .created)
        let retry = put(instances[1], cash: 1_000)
        #expect(retry.status == first.status && retry.body == first.body && retry.headers["ETag"] == first.headers["ETag"])
        #expect(retry.headers["Idempotent-Replayed"] == "true")
        // The same key with another body is refused on either instance.
        #expect(put(instances[1], cash: 2_000).status == .unprocessableContent)
    }
}
