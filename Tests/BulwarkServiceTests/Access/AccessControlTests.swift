import BulwarkJSON
import Foundation
import HTTPServer
import Synchronization
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct AccessControlTests {
    static let tokens: [Role: String] = [.reader: "bwk_reader", .exchange: "bwk_exchange", .risk: "bwk_risk", .admin: "bwk_admin"]

    func api(anonymous: Role?, clock: TestClock = TestClock(), rate: RateLimit? = nil) throws -> Router {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-access-\(UUID().uuidString)").path
        let keys = Self.tokens.map { role, token in APIKey(id: "\(role.rawValue)-key", role: role, tokenHash: APIKey.hash(token), rate: rate) }
        let access = AccessControl(keys: keys, anonymousRole: anonymous, clock: { clock.now })
        return BulwarkAPI(store: try SQLiteStore(dataDirectory: directory), access: access).router
    }

    func call(_ router: Router, _ method: HTTPMethod, _ target: String, token: String? = nil, authorization: String? = nil,
              body: String = "") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if let authorization { headers.add("Authorization", authorization) }
        return router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
    }

    let account = #"{"cash":1000,"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":60000}]}"#
    let margin = #"{"cash":1000,"positions":[{"instrument":"BTC-PERPETUAL","size":1}],"market":{"BTC":{"spot":60000}}}"#

    @Test func eachRoleHasItsCallsAndIsRefusedTheOthers() throws {
        let router = try api(anonymous: nil)
        for role in Role.allCases {
            let token = Self.tokens[role]!
            // Everyone with a key reads and computes.
            #expect(call(router, .get, "/v1/accounts", token: token).status == .ok, "\(role)")
            #expect(call(router, .post, "/v1/margin", token: token, body: margin).status == .ok, "\(role)")
            let write = call(router, .put, "/v1/accounts/acct-\(role.rawValue)", token: token, body: account)
            let deposit = call(router, .post, "/v1/insurance-fund/deposits", token: token, body: #"{"amount":1}"#)
            if role == .exchange || role == .admin {
                #expect(write.status == .created, "\(role)")
                #expect(deposit.status == .created, "\(role)")
            } else {
                #expect(write.status == .forbidden, "\(role)")
                #expect(write.headers["Content-Type"] == "application/problem+json")
                #expect(deposit.status == .forbidden, "\(role)")
            }
        }
    }

    @Test func withoutAKeyOnlyProbesAnswerUnlessAnonymousAccessIsAllowed() throws {
        let closed = try api(anonymous: nil)
        let refused = call(closed, .get, "/v1/accounts")
        #expect(refused.status == .unauthorized)
        #expect(refused.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        #expect(refused.headers["Content-Type"] == "application/problem+json")
        #expect(call(closed, .get, "/livez").status == .ok)
        #expect(call(closed, .get, "/metrics").status == .ok)
        #expect(call(closed, .get, "/v1/accounts", token: "bwk_forged").status == .unauthorized)
        #expect(call(closed, .get, "/v1/accounts", authorization: "Basic YWRtaW46YWRtaW4=").status == .unauthorized)

        let readable = try api(anonymous: .reader)
        #expect(call(readable, .get, "/v1/accounts").status == .ok)
        #expect(call(readable, .post, "/v1/margin", body: margin).status == .ok)
        #expect(call(readable, .put, "/v1/accounts/a", body: account).status == .unauthorized)
        #expect(call(readable, .put, "/v1/accounts/a", token: Self.tokens[.exchange], body: account).status == .created)
    }

    @Test func theSecureDefaultDependsOnTheAddress() {
        let defaults = AuthConfiguration()
        #expect(defaults.anonymousRole(host: "127.0.0.1") == .reader)
        #expect(defaults.anonymousRole(host: "::1") == .reader)
        #expect(defaults.anonymousRole(host: "0.0.0.0") == nil)
        #expect(defaults.anonymousRole(host: "10.1.2.3") == nil)
        var explicit = AuthConfiguration()
        explicit.anonymous = .some(nil)
        #expect(explicit.anonymousRole(host: "127.0.0.1") == nil)
        explicit.anonymous = .reader
        #expect(explicit.anonymousRole(host: "0.0.0.0") == .reader)
    }

    @Test func aKeyPastItsRateGets429WithRetryAfter() throws {
        let clock = TestClock()
        let router = try api(anonymous: nil, clock: clock, rate: RateLimit(perSecond: 2, burst: 2))
        let token = Self.tokens[.reader]!
        #expect(call(router, .get, "/v1/accounts", token: token).status == .ok)
        #expect(call(router, .get, "/v1/accounts", token: token).status == .ok)
        let limited = call(router, .get, "/v1/accounts", token: token)
        #expect(limited.status == .tooManyRequests)
        #expect(limited.headers["Retry-After"] == "1")
        #expect(limited.headers["Content-Type"] == "application/problem+json")
        // Another key has its own bucket.
        #expect(call(router, .get, "/v1/accounts", token: Self.tokens[.admin]).status == .ok)
        clock.advance(0.5)  // one token back
        #expect(call(router, .get, "/v1/accounts", token: token).status == .ok)
        #expect(call(router, .get, "/v1/accounts", token: token).status == .tooManyRequests)
    }

    @Test func keysComeFromTheConfigAsHashes() throws {
        let (token, hash) = APIKey.generateToken()
        #expect(token.hasPrefix("bwk_") && token.count == 47)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-auth-\(UUID().uuidString).json").path
        try #"{"auth":{"anonymous":"none","keys":[{"id":"ops","role":"admin","sha256":"\#(hash)","rate":{"perSecond":5}}]}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try ServiceConfiguration.load(file: path)
        #expect(configuration.auth.keys.map(\.id) == ["ops"])
        #expect(configuration.auth.keys[0].tokenHash == APIKey.hash(token))
        #expect(configuration.auth.keys[0].rate == RateLimit(perSecond: 5, burst: 5))
        #expect(configuration.auth.anonymousRole(host: "127.0.0.1") == nil)
        for (text, field) in [(#"{"auth":{"keys":[{"id":"x","role":"god","sha256":"\#(hash)"}]}}"#, "auth.keys[0].role"),
                              (#"{"auth":{"keys":[{"id":"x","role":"admin","sha256":"abc"}]}}"#, "auth.keys[0].sha256"),
                              (#"{"auth":{"keys":[{"id":"x","role":null,"sha256":"\#(hash)"}]}}"#, "auth.keys[0].role"),
                              (#"{"auth":{"keys":[null]}}"#, "auth.keys[0]"),
                              (#"{"governance":{"council":[null]}}"#, "governance.council[0]"),
                              (#"{"auth":{"anonymous":"everyone"}}"#, "auth.anonymous")] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: ConfigurationError.self) { try ServiceConfiguration.load(file: path) }
            do { _ = try ServiceConfiguration.load(file: path) } catch { #expect("\(error)".contains(field), "\(error)") }
        }
    }
}
