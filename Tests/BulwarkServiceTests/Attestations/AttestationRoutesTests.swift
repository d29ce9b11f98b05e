import BulwarkJSON
import Crypto
import Foundation
import Glibc
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct AttestationRoutesTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-attest-\(UUID().uuidString)").path

    func router(prices: ManualPriceSource? = nil) throws -> (Router, AttestationSigner) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let signer = try AttestationSigner.loadOrCreate(path: directory + "/attestation-ed25519.key")
        let api = BulwarkAPI(now: { Timestamp(iso8601: "2026-03-01T08:00:00Z")! }, store: try SQLiteStore(dataDirectory: directory),
                             priceSource: prices, signer: signer)
        try api.monitor?.load()
        return (api.router, signer)
    }

    func call(_ router: Router, _ method: HTTPMethod, _ target: String, _ body: String = "") -> (HTTPResponse, JSONValue?) {
        var headers = HTTPHeaders()
        headers.add("Host", "test")
        let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
        return (response, try? JSONParser.parse(response.body))
    }

    /// Runs `openssl pkeyutl -verify` on the statement bytes: true when it verifies.
    func opensslVerifies(pem: String, message: [UInt8], signature: [UInt8]) throws -> Bool {
        let openssl = ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let openssl else { throw ServiceError("openssl is not installed (.ci/run installs it)") }
        let base = directory + "/verify-\(UUID().uuidString)"
        try pem.write(toFile: base + ".pem", atomically: true, encoding: .utf8)
        try Data(message).write(to: URL(fileURLWithPath: base + ".msg"))
        try Data(signature).write(to: URL(fileURLWithPath: base + ".sig"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["pkeyutl", "-verify", "-pubin", "-inkey", base + ".pem", "-rawin", "-in", base + ".msg", "-sigfile", base + ".sig"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Foundation reaps the child itself; wait for it to notice rather than calling waitUntilExit,
        // which spins a run loop test threads do not run.
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        return !process.isRunning && process.terminationStatus == 0
    }

    let portfolio = #"{"asOf":"2026-03-01T08:00:00Z","cash":10000,"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":59000}],"market":{"BTC":{"spot":60000}}"#

    @Test func aStatementVerifiesWithOpenSSLAndATamperedOneDoesNot() throws {
        let (router, signer) = try router()
        let salt = String(repeating: "ab", count: 32)
        let (response, body) = call(router, .post, "/v1/attestations", portfolio + #","salt":"\#(salt)"}"#)
        #expect(response.status == .created)
        let canonical = try #require(body?["canonical"]?.string)
        let signature = try #require(body?["signature"]?.string.flatMap { Data(base64Encoded: $0) })
        let statement = try JSONParser.parse(Array(canonical.utf8))
        #expect(statement["type"] == .string("bulwark.margin-attestation.v1"))
        #expect(statement["status"] == .string("healthy") && statement["marginRatioAtLeastOne"] == .bool(true))
        #expect(statement["prices"]?["BTC"] == .number(60_000))
        #expect(statement["asOf"] == .string("2026-03-01T08:00:00Z"))
        #expect(statement["parametersHash"] == .string(RiskParameters.standardDefaults.hash))
        // No position appears; the commitment is SHA-256 of the canonical portfolio and the salt.
        #expect(!canonical.contains("PERPETUAL"))
        let portfolioBytes = Array(try #require(body?["portfolioCanonical"]?.string).utf8)
        #expect(statement["commitment"] == .string(Hex.encode(SHA256.hash(data: portfolioBytes + Hex.decode(salt)!))))
        // Canonical: keys sorted, no whitespace.
        #expect(CanonicalJSON.encode(statement) == Array(canonical.utf8))

        let (_, keys) = call(router, .get, "/v1/attestations/keys")
        let pem = try #require(keys?["keys"]?[0]?["publicKeyPem"]?.string)
        #expect(keys?["keys"]?[0]?["keyId"] == .string(signer.keyID))
        #expect(try opensslVerifies(pem: pem, message: Array(canonical.utf8), signature: Array(signature)))
        let tampered = canonical.replacingOccurrences(of: "\"healthy\"", with: "\"insolvent\"")
        #expect(tampered != canonical)
        #expect(try !opensslVerifies(pem: pem, message: Array(tampered.utf8), signature: Array(signature)))

        let verify = #"{"canonical":\#(String(decoding: JSONWriter.encode(.string(canonical)), as: UTF8.self)),"signature":"\#(signature.base64EncodedString())"}"#
        #expect(call(router, .post, "/v1/attestations/verify", verify).0.status == .ok)
        let forged = #"{"canonical":\#(String(decoding: JSONWriter.encode(.string(tampered)), as: UTF8.self)),"signature":"\#(signature.base64EncodedString())"}"#
        let (refused, problem) = call(router, .post, "/v1/attestations/verify", forged)
        #expect(refused.status == .unprocessableContent)
        #expect(problem?.problemErrors["signature"]?.contains("does not verify") == true)
        // Missing and null are the same: the field is named, with what to send.
        for body in [#"{"signature":"x"}"#, #"{"canonical":null,"signature":"x"}"#] {
            let (missing, missingProblem) = call(router, .post, "/v1/attestations/verify", body)
            #expect(missing.status == .unprocessableContent)
            #expect(missingProblem?.problemErrors["canonical"]?.hasPrefix("is required") == true, "\(body)")
        }
    }

    @Test func aStoredAccountIsAttestedAtTheMonitorsPrices() throws {
        let prices = ManualPriceSource(["BTC": 58_000, "USDC": 1])
        let (router, _) = try router(prices: prices)
        #expect(call(router, .put, "/v1/accounts/trader-1",
                     #"{"cash":30000,"mode":"isolated","positions":[{"instrument":"BTC-PERPETUAL","size":10,"entryPrice":60000}]}"#).0.status == .created)
        let (response, body) = call(router, .post, "/v1/attestations", #"{"account":"trader-1"}"#)
        #expect(response.status == .created)
        let statement = try JSONParser.parse(Array((body?["canonical"]?.string ?? "").utf8))
        // equity 10,000 < MM 11,600.
        #expect(statement["status"] == .string("liquidatable") && statement["marginRatioAtLeastOne"] == .bool(false))
        #expect(statement["prices"]?["BTC"] == .number(58_000))
        #expect(call(router, .post, "/v1/attestations", #"{"account":"nobody"}"#).0.status == .notFound)
        // No feed prices ETH here: the account cannot be attested, and that is its state, not an outage.
        _ = call(router, .put, "/v1/accounts/eth-1", #"{"cash":1000,"positions":[{"instrument":"ETH-PERPETUAL","size":1}]}"#)
        #expect(call(router, .post, "/v1/attestations", #"{"account":"eth-1"}"#).0.status == .conflict)
        #expect(call(router, .post, "/v1/attestations", #"{"account":"trader-1","cash":5}"#).0.status == .unprocessableContent)
        #expect(call(router, .post, "/v1/attestations", portfolio + #","salt":"xyz"}"#).0.status == .unprocessableContent)
    }

    @Test func theKeyIsCreatedOnceWithMode0600AndReadBack() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/key"
        let first = try AttestationSigner.loadOrCreate(path: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let again = try AttestationSigner.loadOrCreate(path: path)
        #expect(again.keyID == first.keyID && again.publicKey == first.publicKey)
        try "not a key".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: AttestationKeyError.self) { try AttestationSigner.loadOrCreate(path: path) }
    }
}
