import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore
import Testing
@testable import BulwarkService

@Suite struct AccountRoutesTests {
    let router: Router

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-accounts-\(UUID().uuidString)").path
        router = BulwarkAPI(store: try SQLiteStore(dataDirectory: directory)).router
    }

    private func call(_ method: HTTPMethod, _ target: String, _ body: String = "", headers extra: [(String, String)] = []) -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        for (name, value) in extra { headers.add(name, value) }
        let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    let account = #"{"cash":1000,"collateral":[{"asset":"USDC","amount":"500","price":1}],"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":60000}]}"#

    @Test func createReadReplaceDelete() throws {
        let (created, body) = call(.put, "/v1/accounts/acct-1", account)
        #expect(created.status == .created)
        #expect(created.headers["ETag"] == "\"v1\"")
        #expect(body?["collateral"]?[0]?["amount"] == .number(500))
        let (read, readBody) = call(.get, "/v1/accounts/acct-1")
        #expect(read.status == .ok && readBody?["version"] == .number(1) && readBody?["cash"] == .number(1000))
        #expect(call(.get, "/v1/accounts/acct-1", headers: [("If-None-Match", "\"v1\"")]).0.status == .notModified)
        let (replaced, _) = call(.put, "/v1/accounts/acct-1", #"{"cash":5}"#, headers: [("If-Match", "\"v1\"")])
        #expect(replaced.status == .ok && replaced.headers["ETag"] == "\"v2\"")
        #expect(call(.delete, "/v1/accounts/acct-1").0.status == .ok)
        #expect(call(.get, "/v1/accounts/acct-1").0.status == .notFound)
        #expect(call(.delete, "/v1/accounts/acct-1").0.status == .notFound)
    }

    @Test func ifMatchAndIfNoneMatchGuardConcurrentWriters() {
        _ = call(.put, "/v1/accounts/a", account)
        let (stale, problem) = call(.put, "/v1/accounts/a", #"{"cash":1}"#, headers: [("If-Match", "\"v9\"")])
        #expect(stale.status == .preconditionFailed)
        #expect(problem?["type"] == .string("urn:bulwark:problem:precondition-failed"))
        #expect(call(.put, "/v1/accounts/a", #"{"cash":1}"#, headers: [("If-None-Match", "*")]).0.status == .preconditionFailed)
        #expect(call(.put, "/v1/accounts/new", #"{"cash":1}"#, headers: [("If-Match", "*")]).0.status == .preconditionFailed)
        #expect(call(.put, "/v1/accounts/new", #"{"cash":1}"#, headers: [("If-None-Match", "*")]).0.status == .created)
        // The failed writes changed nothing.
        #expect(call(.get, "/v1/accounts/a").1?["version"] == .number(1))
    }

    @Test func idempotencyKeyAppliesARetriedWriteOnce() {
        _ = call(.put, "/v1/accounts/t", account)
        let fill = #"{"fills":[{"instrument":"BTC-PERPETUAL","size":-0.5,"price":62000,"fee":3}]}"#
        let (first, firstBody) = call(.post, "/v1/accounts/t/trades", fill, headers: [("Idempotency-Key", "fill-1")])
        let (retry, retryBody) = call(.post, "/v1/accounts/t/trades", fill, headers: [("Idempotency-Key", "fill-1")])
        #expect(first.status == .ok && retry.status == .ok)
        #expect(retry.headers["Idempotent-Replayed"] == "true")
        #expect(firstBody == retryBody)
        #expect(call(.get, "/v1/accounts/t").1?["version"] == .number(2))
        let (reused, problem) = call(.post, "/v1/accounts/t/trades", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":1,"price":1}]}"#,
                                     headers: [("Idempotency-Key", "fill-1")])
        #expect(reused.status == .unprocessableContent)
        #expect(problem?.problemErrors["Idempotency-Key"] == "was used for a different request")
    }

    @Test func tradesRealiseAverageAndPayPremium() throws {
        _ = call(.put, "/v1/accounts/t", account)
        let (response, body) = call(.post, "/v1/accounts/t/trades", """
        {"fills":[{"instrument":"BTC-PERPETUAL","size":-0.5,"price":62000,"fee":3},
                  {"instrument":"BTC-PERPETUAL","size":1.5,"price":61000},
                  {"instrument":"BTC-31DEC27-100000-C","size":-2,"price":1500,"fee":1}]}
        """)
        #expect(response.status == .ok)
        // Cash: 1000 - 3 + 0.5 x (62000 - 60000) - 1 + 2 x 1500 premium received.
        #expect(body?["cash"] == .number(1000 - 3 + 1_000 - 1 + 3_000))
        let positions = try #require(body?["positions"]?.array)
        // 0.5 left at 60,000, then 1.5 more at 61,000: 2 at 60,750.
        #expect(positions[0]["size"] == .number(2) && positions[0]["entryPrice"] == .number(60_750))
        #expect(positions[1]["instrument"] == .string("BTC-31DEC27-100000-C") && positions[1]["size"] == .number(-2))
        // A flip opens the rest at the fill's price; closing to zero removes the position.
        let (_, flipped) = call(.post, "/v1/accounts/t/trades", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":-3,"price":60000}]}"#)
        #expect(flipped?["positions"]?[0]?["size"] == .number(-1) && flipped?["positions"]?[0]?["entryPrice"] == .number(60_000))
        let (_, closed) = call(.post, "/v1/accounts/t/trades", #"{"fills":[{"instrument":"BTC-31DEC27-100000-C","size":2,"price":1000}]}"#)
        #expect(closed?["positions"]?.array?.count == 1)
    }

    @Test func badInputIsProblemJSON() {
        #expect(call(.get, "/v1/accounts/nope").0.status == .notFound)
        let (badID, idProblem) = call(.put, "/v1/accounts/bad%20id", account)
        #expect(badID.status == .unprocessableContent && idProblem?.problemErrors["id"] != nil)
        let (badBody, bodyProblem) = call(.put, "/v1/accounts/x", #"{"cash":"","positions":[{"instrument":"DOGE-PERPETUAL","size":1}],"extra":1}"#)
        #expect(badBody.status == .unprocessableContent)
        #expect(bodyProblem?.problemErrors["cash"] != nil && bodyProblem?.problemErrors["extra"] != nil)
        let (unknown, unknownProblem) = call(.put, "/v1/accounts/x", #"{"positions":[{"instrument":"DOGE-PERPETUAL","size":1}]}"#)
        #expect(unknown.status == .unprocessableContent && unknownProblem?.problemErrors["positions[0].underlying"] != nil)
        _ = call(.put, "/v1/accounts/x", account)
        let (badFill, fillProblem) = call(.post, "/v1/accounts/x/trades", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":0,"price":-1}]}"#)
        #expect(badFill.status == .unprocessableContent)
        #expect(fillProblem?.problemErrors["fills[0].size"] == "must not be 0")
        #expect(fillProblem?.problemErrors["fills[0].price"] == "must be greater than 0")
        let (nullFill, nullProblem) = call(.post, "/v1/accounts/x/trades", #"{"fills":[null]}"#)
        #expect(nullFill.status == .unprocessableContent && nullProblem?.problemErrors["fills[0]"] == "must be an object, not null")
        #expect(call(.post, "/v1/accounts/missing/trades", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":1,"price":1}]}"#).0.status == .notFound)
        #expect(call(.get, "/v1/accounts/x").1?["version"] == .number(1))
    }

    /// URL clients drop "." and ".." segments, so an id made of dots could never be read back.
    @Test func idsOfOnlyDotsAreRejectedAndEmptyIdsNameNothing() {
        for id in ["%2E", "%2E%2E", "...", "%2E%2E%2E%2E"] {
            let (response, problem) = call(.put, "/v1/accounts/\(id)", account)
            #expect(response.status == .unprocessableContent && problem?.problemErrors["id"]?.contains("not only dots") == true, "id \(id)")
        }
        #expect(call(.put, "/v1/accounts/.a.", account).0.status == .created)
        #expect(call(.put, "/v1/accounts/", account).0.status == .notFound)
        #expect(call(.get, "/v1/accounts/").0.status == .notFound)
        #expect(call(.post, "/v1/accounts//trades", #"{"fills":[{"instrument":"BTC-PERPETUAL","size":1,"price":1}]}"#).0.status == .notFound)
    }

    /// Writes are stamped by the service's one clock, the injectable one margins use.
    @Test func writesAreStampedByTheInjectedClock() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-clock-\(UUID().uuidString)").path
        let api = BulwarkAPI(now: { Timestamp(iso8601: "2026-03-01T08:00:00Z")! }, store: try SQLiteStore(dataDirectory: directory))
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let response = api.router.handle(HTTPRequest(method: .put, target: "/v1/accounts/clocked", headers: headers, body: Array(account.utf8)))
        #expect(response.status == .created)
        #expect(try JSONParser.parse(response.body)["updatedAt"] == .string("2026-03-01T08:00:00Z"))
    }
}
