import BulwarkJSON
import Crypto
import Foundation
import HTTPServer
import GRDB
import Testing
@testable import BulwarkService
import RiskCore

/// A service with three council keys, roles and a clock the test moves.
struct GovernanceHarness {
    let clock = TestClock()
    let api: BulwarkAPI
    let router: Router
    let store: SQLiteStore
    let council: [String: Curve25519.Signing.PrivateKey]
    static let tokens: [Role: String] = [.reader: "bwk_reader", .exchange: "bwk_exchange", .risk: "bwk_risk", .admin: "bwk_admin"]

    let directory: String

    init(shortfallTolerance: Double = 1e15, directory: String? = nil,
         council existing: [String: Curve25519.Signing.PrivateKey]? = nil, at time: Double? = nil) throws {
        clock.seconds.withLock { $0 = time ?? Double(Timestamp(iso8601: "2026-03-01T08:00:00Z")!.secondsSinceEpoch) }
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-governance-\(UUID().uuidString)").path
        self.directory = directory
        store = try SQLiteStore(dataDirectory: directory)
        var council: [String: Curve25519.Signing.PrivateKey] = [:]
        var configuration = GovernanceConfiguration()
        for id in ["alice", "bob", "carol"] {
            let key = existing?[id] ?? Curve25519.Signing.PrivateKey()
            council[id] = key
            configuration.council.append(CouncilMember(id: id, publicKey: Array(key.publicKey.rawRepresentation)))
        }
        self.council = council
        configuration.quorum = 2
        configuration.elevatedQuorum = 3
        configuration.shortfallTolerance = shortfallTolerance
        configuration.monteCarloPaths = 2
        let keys = Self.tokens.map { role, token in APIKey(id: "\(role.rawValue)-key", role: role, tokenHash: APIKey.hash(token)) }
        let clock = self.clock
        api = BulwarkAPI(now: { Timestamp(secondsSinceEpoch: Int64(clock.now)) }, store: store,
                         priceSource: ManualPriceSource(["BTC": 60_000, "ETH": 3_000, "USDC": 1]),
                         access: AccessControl(keys: keys, anonymousRole: nil, clock: { clock.now }), governance: configuration)
        router = api.router
        try api.governance!.bootstrap()
        try api.monitor!.load()
    }

    func call(_ method: HTTPMethod, _ target: String, _ body: String = "", role: Role = .admin) -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        headers.add("Authorization", "Bearer \(Self.tokens[role]!)")
        let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    /// Leveraged isolated perpetuals: 10 BTC long on 60,000 of cash (10x), and the mirror short.
    func putBook() {
        for index in 0..<6 {
            let size = index % 2 == 0 ? 10.0 : -10.0
            _ = call(.put, "/v1/accounts/acct-\(index)",
                     #"{"cash":\#(60_000 + index * 5_000),"mode":"isolated","positions":[{"instrument":"BTC-PERPETUAL","size":\#(size),"entryPrice":60000}]}"#,
                     role: .exchange)
        }
    }

    func propose(_ changes: String, role: Role = .risk) -> (HTTPResponse, JSONValue?) {
        call(.post, "/v1/parameters/proposals", #"{"changes":\#(changes),"rationale":"test"}"#, role: role)
    }

    func sign(_ hash: String, with key: Curve25519.Signing.PrivateKey) throws -> String {
        try key.signature(for: Array(hash.utf8)).base64EncodedString()
    }

    func approve(_ id: String, keyID: String, signature: String, role: Role = .risk) -> (HTTPResponse, JSONValue?) {
        call(.post, "/v1/parameters/proposals/\(id)/approvals", #"{"keyId":"\#(keyID)","signature":"\#(signature)"}"#, role: role)
    }

    var marginVersion: String? {
        call(.post, "/v1/margin", #"{"cash":1000,"positions":[{"instrument":"BTC-PERPETUAL","size":1}],"market":{"BTC":{"spot":60000}}}"#,
             role: .reader).1?["parameters"]?["version"]?.string
    }
}

@Suite struct GovernanceTests {
    static let stricter = #"{"underlyings":{"BTC":{"isolated":{"futuresMaintenanceRate":0.03}}}}"#

    @Test func aProposalGoesFromBacktestThroughQuorumAndTimelockToActivation() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let before = try #require(harness.marginVersion)
        #expect(before == RiskParameters.standardDefaults.version)

        #expect(harness.propose(Self.stricter, role: .exchange).0.status == .forbidden)
        #expect(harness.propose(Self.stricter, role: .reader).0.status == .forbidden)
        let (submitted, proposal) = harness.propose(Self.stricter)
        #expect(submitted.status == .accepted)
        #expect(submitted.headers["Location"] == "/v1/parameters/proposals/prop-1")
        #expect(proposal?["status"] == .string("backtesting"))
        harness.api.governance!.waitForBacktests()

        let (_, reported) = harness.call(.get, "/v1/parameters/proposals/prop-1", role: .reader)
        #expect(reported?["status"] == .string("awaiting-approval"))
        #expect(reported?["requiredQuorum"] == .number(2))
        let report = try #require(reported?["backtest"])
        #expect(report["accounts"] == .number(6))
        #expect(report["paths"]?.array?.compactMap { $0["name"]?.string }
            == ["crash-march-2020", "crash-may-2021", "squeeze", "jump-diffusion-1", "jump-diffusion-2"])
        // A higher maintenance rate: more margin for the same notional.
        let current = try #require(report["book"]?["current"]?["maintenanceMargin"]?.double)
        let proposed = try #require(report["book"]?["proposed"]?["maintenanceMargin"]?.double)
        #expect(abs(proposed / current - 1.5) < 1e-9)
        #expect((report["total"]?["proposed"]?["capitalEfficiency"]?.double ?? 0) > (report["total"]?["current"]?["capitalEfficiency"]?.double ?? 1))
        let hash = try #require(reported?["hash"]?.string)

        // Refused: an unknown key, a forged signature, another proposal's signature (a replay).
        #expect(harness.approve("prop-1", keyID: "mallory", signature: try harness.sign(hash, with: harness.council["alice"]!)).0.status
            == .unprocessableContent)
        let forged = harness.approve("prop-1", keyID: "carol", signature: try harness.sign(hash, with: Curve25519.Signing.PrivateKey()))
        #expect(forged.0.status == .unprocessableContent && forged.1?.problemErrors["signature"] != nil)
        let replayed = harness.approve("prop-1", keyID: "alice", signature: try harness.sign(String(repeating: "ab", count: 32), with: harness.council["alice"]!))
        #expect(replayed.0.status == .unprocessableContent)
        #expect(harness.approve("prop-1", keyID: "alice", signature: try harness.sign(hash, with: harness.council["alice"]!), role: .exchange).0.status
            == .forbidden)

        // Alice, then Alice again, then Bob: quorum.
        let first = harness.approve("prop-1", keyID: "alice", signature: try harness.sign(hash, with: harness.council["alice"]!))
        #expect(first.0.status == .ok && first.1?["status"] == .string("awaiting-approval"))
        #expect(harness.approve("prop-1", keyID: "alice", signature: try harness.sign(hash, with: harness.council["alice"]!)).0.status == .conflict)
        let second = harness.approve("prop-1", keyID: "bob", signature: try harness.sign(hash, with: harness.council["bob"]!))
        #expect(second.1?["status"] == .string("approved"))
        #expect(second.1?["activatesAt"] == .string(Timestamp(secondsSinceEpoch: Int64(harness.clock.now + 3_600)).iso8601))

        // The timelock holds the old parameters for an hour.
        harness.clock.advance(3_599)
        #expect(harness.marginVersion == before)
        harness.clock.advance(2)
        let after = try #require(harness.marginVersion)
        #expect(after != before)
        let (_, active) = harness.call(.get, "/v1/parameters", role: .reader)
        #expect(active?["version"] == .string(after) && active?["proposalId"] == .string("prop-1"))
        #expect(active?["parameters"]?["underlyings"]?["BTC"]?["isolated"]?["futuresMaintenanceRate"] == .number(0.03))
        let (_, old) = harness.call(.get, "/v1/parameters/versions/\(before)", role: .reader)
        #expect(old?["active"] == .bool(false) && old?["hash"] == .string(RiskParameters.standardDefaults.hash))
        // The stored book is margined under the new set.
        let (_, health) = harness.call(.get, "/v1/accounts/acct-0/health", role: .reader)
        #expect(health?["maintenanceMargin"] == .number(0.03 * 10 * 60_000))

        // Late: the proposal is active.
        #expect(harness.approve("prop-1", keyID: "carol", signature: try harness.sign(hash, with: harness.council["carol"]!)).0.status == .conflict)

        let (_, audit) = harness.call(.get, "/v1/parameters/audit", role: .reader)
        #expect(audit?["chainValid"] == .bool(true))
        let actions = audit?["entries"]?.array?.compactMap { $0["action"]?.string } ?? []
        #expect(actions == ["proposal.submitted", "backtest.completed", "approval.refused", "approval.refused", "approval.refused",
                            "approval.accepted", "approval.refused", "approval.accepted", "proposal.approved", "parameters.activated",
                            "approval.refused"])
        // The database refuses to rewrite history.
        #expect(throws: (any Error).self) { try harness.store.database.write { db in try db.execute(sql: "UPDATE audit SET actor = 'x'") } }
        #expect(throws: (any Error).self) { try harness.store.database.write { db in try db.execute(sql: "DELETE FROM audit") } }
    }

    @Test func anActivatedVersionIsRestoredAtTheNextStart() throws {
        let harness = try GovernanceHarness()
        _ = harness.propose(Self.stricter)
        harness.api.governance!.waitForBacktests()
        let hash = try #require(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["hash"]?.string)
        for id in ["alice", "bob"] {
            _ = harness.approve("prop-1", keyID: id, signature: try harness.sign(hash, with: harness.council[id]!))
        }
        harness.clock.advance(3_601)
        let activated = try #require(harness.marginVersion)
        #expect(activated != RiskParameters.standardDefaults.version)
        // A new process on the same data: the config still says the defaults, the database wins.
        let restarted = try GovernanceHarness(directory: harness.directory, council: harness.council, at: harness.clock.now)
        #expect(restarted.marginVersion == activated)
        #expect(restarted.call(.get, "/v1/parameters").1?["proposalId"] == .string("prop-1"))
        #expect(restarted.call(.get, "/v1/parameters/audit").1?["chainValid"] == .bool(true))
    }

    @Test func underQuorumNothingChangesEvenAfterTheTimelock() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        _ = harness.propose(Self.stricter)
        harness.api.governance!.waitForBacktests()
        let hash = try #require(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["hash"]?.string)
        #expect(harness.approve("prop-1", keyID: "alice", signature: try harness.sign(hash, with: harness.council["alice"]!)).0.status == .ok)
        harness.clock.advance(7_200)
        #expect(harness.marginVersion == RiskParameters.standardDefaults.version)
        #expect(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["status"] == .string("awaiting-approval"))
        // Past the approval window (7 days) a signature is late.
        harness.clock.advance(7 * 86_400)
        #expect(harness.approve("prop-1", keyID: "bob", signature: try harness.sign(hash, with: harness.council["bob"]!)).0.status == .conflict)
        #expect(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["status"] == .string("expired"))
    }

    @Test func aProposalThatRaisesShortfallNeedsTheElevatedQuorum() throws {
        let harness = try GovernanceHarness(shortfallTolerance: 0)
        harness.putBook()
        // A far thinner maintenance line: the leveraged book goes insolvent between hourly steps.
        _ = harness.propose(#"{"underlyings":{"BTC":{"isolated":{"futuresMaintenanceRate":0.001,"futuresInitialRate":0.002}}}}"#)
        harness.api.governance!.waitForBacktests()
        let (_, proposal) = harness.call(.get, "/v1/parameters/proposals/prop-1")
        let increase = try #require(proposal?["backtest"]?["shortfallIncrease"]?.double)
        #expect(increase > 0)
        #expect(proposal?["requiredQuorum"] == .number(3))
        let hash = try #require(proposal?["hash"]?.string)
        for id in ["alice", "bob"] {
            _ = harness.approve("prop-1", keyID: id, signature: try harness.sign(hash, with: harness.council[id]!))
        }
        #expect(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["status"] == .string("awaiting-approval"))
        _ = harness.approve("prop-1", keyID: "carol", signature: try harness.sign(hash, with: harness.council["carol"]!))
        #expect(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["status"] == .string("approved"))
    }

    @Test func badProposalsAreProblems() throws {
        let harness = try GovernanceHarness()
        for (body, field) in [(#"{"changes":{},"rationale":"x"}"#, "changes"),
                              (#"{"changes":{"initialMarginFactor":-1},"rationale":"x"}"#, "changes.initialMarginFactor"),
                              (#"{"changes":{"initialMarginFactor":1.25},"rationale":"x"}"#, "changes"),
                              (#"{"changes":{"initialMarginFactor":1.3},"rationale":" "}"#, "rationale"),
                              (#"{"changes":{"initialMarginFactor":1.3}}"#, "rationale"),
                              (#"{"changes":{"initialMarginFactor":1.3},"rationale":null}"#, "rationale"),
                              (#"{"changes":null,"rationale":"x"}"#, "changes")] {
            let (response, problem) = harness.call(.post, "/v1/parameters/proposals", body, role: .risk)
            #expect(response.status == .unprocessableContent, "\(body)")
            #expect(problem?.problemErrors[field] != nil, "\(body): \(problem?.problemErrors ?? [:])")
        }
        #expect(harness.call(.get, "/v1/parameters/proposals/prop-9").0.status == .notFound)
        #expect(harness.call(.get, "/v1/parameters/versions/zz").0.status == .unprocessableContent)
        #expect(harness.call(.get, "/v1/parameters/versions/0123456789abcdef").0.status == .notFound)
    }
}
