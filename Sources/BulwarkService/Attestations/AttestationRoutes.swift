import BulwarkJSON
import Crypto
import Foundation
import HTTPServer
import RiskCore

/// Signed statements about a portfolio's or a stored account's margin, their keys, and their
/// verification (docs/ATTESTATIONS.md).
struct AttestationRoutes: Sendable {
    /// Nil when the service has no key: attestations are refused (503).
    let signer: AttestationSigner?
    let margin: MarginService
    /// Nil without a store: only request portfolios can be attested.
    let monitor: HealthMonitor?
    var now: @Sendable () -> Timestamp { margin.now }

    static let attestationType = "bulwark.margin-attestation.v1"

    func add(to routes: inout RouteTable) {
        routes.add(.post, "/v1/attestations", .reader, postAttestation)
        routes.add(.get, "/v1/attestations/keys", .reader, attestationKeys)
        routes.add(.post, "/v1/attestations/verify", .reader, verifyAttestation)
    }

    /// `POST /v1/attestations`: margins a portfolio (a margin request body) or a stored account
    /// (`{"account": id}`) and signs a statement about it with Ed25519: a commitment to the
    /// portfolio (SHA-256 of its canonical bytes and a salt), the status, whether the margin ratio
    /// is at least 1, the parameter hash, the prices used and the time. Positions stay hidden.
    func postAttestation(_ request: HTTPRequest) -> HTTPResponse {
        guard let signer else { return APIError.unavailable("this service has no attestation key").response(instance: request.path) }
        var body: JSONObject
        var reader = FieldReader()
        switch BodyReading.object(request, &reader) {
        case .success(let object): body = object
        case .failure(let error): return error.response(instance: request.path)
        }
        var salt: [UInt8]
        if let value = body["salt"] {
            guard case .string(let hex) = value, let bytes = Hex.decode(hex), (16...64).contains(bytes.count) else {
                return APIError.invalid([ValidationIssue(field: "salt", reason: "must be 16 to 64 bytes in hex")]).response(instance: request.path)
            }
            salt = bytes
        } else {
            var generator = SystemRandomNumberGenerator()
            salt = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        body["salt"] = nil

        let facts: AttestedFacts
        if let value = body["account"] {
            guard body.members.count == 1 else {
                return APIError.invalid([ValidationIssue(field: "account", reason: "attests a stored account: send only account and salt")])
                    .response(instance: request.path)
            }
            guard case .string(let id) = value, Identifier.isValid(id) else {
                return APIError.invalid([ValidationIssue(field: "account", reason: "must be an account id")]).response(instance: request.path)
            }
            switch storedFacts(id) {
            case .success(let value): facts = value
            case .failure(let error): return error.response(instance: request.path)
            }
        } else {
            let outcome = requestFacts(body)
            switch outcome {
            case .success(let value): facts = value
            case .failure(let error): return error.response(instance: request.path)
            }
        }

        let commitment = Hex.encode(SHA256.hash(data: facts.portfolio + salt))
        let result = facts.result
        let statement: JSONValue = .object([
            "type": .string(Self.attestationType),
            "keyId": .string(signer.keyID),
            "commitment": .string(commitment),
            "status": .string(result.status.rawValue),
            "marginRatioAtLeastOne": .bool(result.equity >= result.maintenanceMargin && result.equity >= 0),
            "mode": .string(result.mode.rawValue),
            "methodology": .string(facts.profile),
            "parametersHash": .string(facts.parametersHash),
            "parametersVersion": .string(result.parametersVersion),
            "prices": .object(sortingKeysOf: facts.prices, JSONValue.number),
            "asOf": .string(result.asOf.iso8601),
            "issuedAt": .string(now().iso8601),
        ])
        let canonical = CanonicalJSON.encode(statement)
        let signature: [UInt8]
        do { signature = try signer.sign(canonical) } catch {
            return APIError.unavailable("signing failed: \(error)").response(instance: request.path)
        }
        return JSONResponse.make(.object([
            "statement": CanonicalJSON.sorted(statement),
            "canonical": .string(String(decoding: canonical, as: UTF8.self)),
            "signature": .string(Data(signature).base64EncodedString()),
            "algorithm": .string("Ed25519"),
            "keyId": .string(signer.keyID),
            "salt": .string(Hex.encode(salt)),
            "portfolioCanonical": .string(String(decoding: facts.portfolio, as: UTF8.self)),
        ]), status: .created)
    }

    /// A margin request's portfolio margined now, as the facts to attest.
    private func requestFacts(_ body: JSONObject) -> Result<AttestedFacts, APIError> {
        MarginRequest.decode(JSONValue.object(body), allowGrid: false).flatMap { decoded -> Result<AttestedFacts, APIError> in
            guard decoded.whatIf == nil, decoded.methodology.compare.isEmpty else {
                return .failure(.invalid([ValidationIssue(field: decoded.whatIf != nil ? "whatIf" : "methodology.compare",
                                                          reason: "is not part of an attestation")]))
            }
            var decoded = decoded
            decoded.asOf = decoded.asOf ?? now()
            return margin.evaluate(decoded).map { evaluation in
                var prices: [String: Double] = [:]
                for position in evaluation.result.positions { prices[position.instrument.underlying] = position.spot }
                for holding in evaluation.result.collateral { prices[holding.asset] = holding.price }
                let document = AccountDocument(portfolio: decoded.portfolio, mode: decoded.mode, methodology: evaluation.profile)
                return AttestedFacts(portfolio: CanonicalJSON.encode(document.json), result: evaluation.result, prices: prices,
                                     profile: evaluation.profile, parametersHash: evaluation.parametersHash)
            }
        }
    }

    /// A stored account margined now at the monitor's prices (on a shared store, whichever
    /// instance holds it: they all margin with the publisher's prices).
    private func storedFacts(_ id: String) -> Result<AttestedFacts, APIError> {
        guard let monitor else { return .failure(.storeUnavailable) }
        guard let account = monitor.account(id) ?? monitor.elsewhere(id) else { return .failure(.notFound("no account '\(id)'")) }
        let (portfolio, market) = monitor.prepared(account, market: monitor.currentMarket)
        let result: MarginResult
        do throws(RiskError) {
            result = try monitor.margin(account, portfolio, market: market, asOf: now())
        } catch {
            if case .missingMarketData(let asset, let missing, let reason) = error {
                // A price the oracle should have is an outage (503, retry); one no feed covers is the account's state (409).
                if margin.isOutage(missing, of: asset) { return .failure(.unavailable("cannot margin account '\(id)' now: \(reason)")) }
                return .failure(.conflict("account '\(id)' cannot be margined: \(reason) and no price feed covers \(asset)"))
            }
            return .failure(APIError(error))
        }
        var prices = market.spots(of: account.exposure)
        for holding in result.collateral { prices[holding.asset] = holding.price }
        return .success(AttestedFacts(portfolio: CanonicalJSON.encode(account.document.json), result: result, prices: prices,
                                      profile: account.document.methodology, parametersHash: monitor.profiles.hash(of: account.document.methodology) ?? ""))
    }

    /// `GET /v1/attestations/keys`: the public keys statements are signed with.
    func attestationKeys(_ request: HTTPRequest) -> HTTPResponse {
        guard let signer else { return JSONResponse.make(.object(["keys": .array([])])) }
        return JSONResponse.make(.object([
            "keys": .array([.object([
                "keyId": .string(signer.keyID),
                "algorithm": .string("Ed25519"),
                "publicKey": .string(Data(signer.publicKey).base64EncodedString()),
                "publicKeyHex": .string(Hex.encode(signer.publicKey)),
                "publicKeyPem": .string(signer.publicKeyPEM),
            ])]),
        ]))
    }

    /// `POST /v1/attestations/verify`: `{"canonical", "signature"}`; 200 when the signature is this
    /// service's over exactly those bytes, 422 naming `signature` otherwise (a tampered statement).
    func verifyAttestation(_ request: HTTPRequest) -> HTTPResponse {
        guard let signer else { return APIError.unavailable("this service has no attestation key").response(instance: request.path) }
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(request, allowed: ["canonical", "signature"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return error.response(instance: request.path)
        }
        let canonical = reader.requiredString(body["canonical"], "canonical", hint: "the statement's canonical bytes as signed")
        let signatureText = reader.requiredString(body["signature"], "signature", hint: "base64")
        guard reader.issues.isEmpty, let canonical, let signatureText else { return APIError.invalid(reader.issues).response(instance: request.path) }
        guard let signature = Data(base64Encoded: signatureText), signature.count == 64 else {
            return APIError.invalid([ValidationIssue(field: "signature", reason: "must be the base64 of a 64-byte Ed25519 signature")])
                .response(instance: request.path)
        }
        guard signer.verify(Array(signature), of: Array(canonical.utf8)) else {
            return APIError.invalid([ValidationIssue(field: "signature",
                                                     reason: "does not verify: the statement was altered or not signed by key \(signer.keyID)")])
                .response(instance: request.path)
        }
        return JSONResponse.make(.object([
            "valid": .bool(true),
            "keyId": .string(signer.keyID),
            "statement": (try? JSONParser.parse(Array(canonical.utf8))) ?? .null,
        ]))
    }
}
