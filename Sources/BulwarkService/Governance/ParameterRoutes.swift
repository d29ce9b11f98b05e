import BulwarkJSON
import Foundation
import HTTPServer
import RiskCore

/// The parameters in force and every version, proposals, council approvals and the audit log.
struct ParameterRoutes: Sendable {
    let registry: ParameterRegistry
    /// Nil without a store: the parameters in force are shown, nothing can be proposed.
    let governance: Governance?
    var parameters: RiskParameters { registry.current.parameters }

    func add(to routes: inout RouteTable) {
        routes.add(.get, "/v1/parameters", .reader, activeParameters)
        routes.add(.get, "/v1/parameters/versions/{version}", .reader, parameterVersion)
        routes.add(.get, "/v1/parameters/proposals", .reader, listProposals)
        routes.add(.post, "/v1/parameters/proposals", .risk, postProposal)
        routes.add(.get, "/v1/parameters/proposals/{id}", .reader, getProposal)
        routes.add(.post, "/v1/parameters/proposals/{id}/approvals", .risk, postApproval)
        routes.add(.get, "/v1/parameters/audit", .reader, parameterAudit)
    }

    static func parametersJSON(_ parameters: RiskParameters) -> JSONValue {
        (try? JSONParser.parse(Array(CanonicalForm.json(parameters)))) ?? .null
    }

    /// `GET /v1/parameters`: the version in force, its hash, the full set, and every stored version.
    func activeParameters(_ request: HTTPRequest) -> HTTPResponse {
        let active = registry.current
        return JSONResponse.make(.object([
            "version": .string(active.parameters.version),
            "hash": .string(active.parameters.hash),
            "activatedAt": active.activatedAt.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) },
            "proposalId": active.proposalID.map(JSONValue.string),
            "parameters": Self.parametersJSON(active.parameters),
            "versions": .array((governance?.versions() ?? []).map { version in
                .object([
                    "version": .string(version.version), "hash": .string(version.hash),
                    "activatedAt": version.activatedAt.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) },
                    "proposalId": version.proposalID.map(JSONValue.string),
                ])
            }),
        ]))
    }

    /// `GET /v1/parameters/versions/{version}`: a set that was ever in force (or configured).
    func parameterVersion(_ request: HTTPRequest) -> HTTPResponse {
        let version = request.pathParameters["version"] ?? ""
        guard version.utf8.count == 16, version.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return APIError.invalid([ValidationIssue(field: "version", reason: "must be a parameter version: 16 lower-case hex digits")])
                .response(instance: request.path)
        }
        if version == parameters.version, governance == nil {
            return JSONResponse.make(.object(["version": .string(version), "hash": .string(parameters.hash), "parameters": Self.parametersJSON(parameters)]))
        }
        guard let stored = governance?.version(version) else {
            return APIError.notFound("no parameter version '\(version)'").response(instance: request.path)
        }
        return JSONResponse.make(.object([
            "version": .string(version),
            "hash": .string(stored.hash),
            "createdAt": .string(Timestamp(secondsSinceEpoch: Int64(stored.createdAt)).iso8601),
            "activatedAt": stored.activatedAt.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) },
            "proposalId": stored.proposalID.map(JSONValue.string),
            "active": .bool(version == parameters.version),
            "parameters": stored.document,
        ]))
    }

    func proposalJSON(_ proposal: Proposal) -> JSONValue {
        guard case .object(var object) = proposal.json else { return proposal.json }
        if proposal.status == .backtesting { object["progress"] = .number(governance?.progress(of: proposal.id) ?? 0) }
        return .object(object)
    }

    /// `GET /v1/parameters/proposals`: every proposal, oldest first (without the backtest reports).
    func listProposals(_ request: HTTPRequest) -> HTTPResponse {
        guard let governance else { return APIError.storeUnavailable.response(instance: request.path) }
        return JSONResponse.make(.object([
            "proposals": .array(governance.proposals().map { proposal in
                var summary = proposal
                summary.backtest = nil
                return proposalJSON(summary)
            }),
        ]))
    }

    /// `POST /v1/parameters/proposals`: `{"changes": {...}, "rationale": "..."}` by a `risk` key;
    /// 202 with the proposal, whose backtest runs in the background.
    func postProposal(_ request: HTTPRequest, _ principal: Principal) -> HTTPResponse {
        guard let governance else { return APIError.storeUnavailable.response(instance: request.path) }
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(request, allowed: ["changes", "rationale"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return error.response(instance: request.path)
        }
        let changes = reader.requiredObject(body["changes"], "changes", hint: "the parameters to change, in the shape of GET /v1/parameters")
        let rationale = reader.requiredString(body["rationale"], "rationale", hint: "why")
        guard reader.issues.isEmpty, let changes, let rationale else { return APIError.invalid(reader.issues).response(instance: request.path) }
        switch governance.submit(changes: changes, rationale: rationale, proposer: principal) {
        case .success(let proposal):
            var response = JSONResponse.make(proposalJSON(proposal), status: .accepted)
            response.headers.add("Location", "/v1/parameters/proposals/\(proposal.id)")
            return response
        case .failure(let error):
            return APIError(error).response(instance: request.path)
        }
    }

    /// `GET /v1/parameters/proposals/{id}`: status, backtest progress or report, approvals, timelock.
    func getProposal(_ request: HTTPRequest) -> HTTPResponse {
        guard let governance else { return APIError.storeUnavailable.response(instance: request.path) }
        let id = request.pathParameters["id"] ?? ""
        guard let proposal = governance.proposal(id) else { return APIError.notFound("no proposal '\(id)'").response(instance: request.path) }
        return JSONResponse.make(proposalJSON(proposal))
    }

    /// `POST /v1/parameters/proposals/{id}/approvals`: `{"keyId", "signature"}`, a council
    /// member's Ed25519 signature (base64) of the proposal's `hash` (its 64 hex characters).
    func postApproval(_ request: HTTPRequest, _ principal: Principal) -> HTTPResponse {
        guard let governance else { return APIError.storeUnavailable.response(instance: request.path) }
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(request, allowed: ["keyId", "signature"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return error.response(instance: request.path)
        }
        let keyID = reader.requiredString(body["keyId"], "keyId", hint: "the council member's key id")
        let signature = reader.requiredString(body["signature"], "signature", hint: "base64 Ed25519 signature of the proposal's hash")
        guard reader.issues.isEmpty, let keyID, let signature else { return APIError.invalid(reader.issues).response(instance: request.path) }
        switch governance.approve(request.pathParameters["id"] ?? "", keyID: keyID, signature: signature, by: principal) {
        case .success(let proposal): return JSONResponse.make(proposalJSON(proposal))
        case .failure(let error): return APIError(error).response(instance: request.path)
        }
    }

    /// `GET /v1/parameters/audit?after=&limit=`: the append-only governance log and whether its hash chain verifies.
    func parameterAudit(_ request: HTTPRequest) -> HTTPResponse {
        guard let governance else { return APIError.storeUnavailable.response(instance: request.path) }
        var issues: [ValidationIssue] = []
        let (after, limit) = QueryReading.page(request, issues: &issues)
        guard issues.isEmpty else { return APIError.invalid(issues).response(instance: request.path) }
        let (entries, valid) = governance.audit(after: after, limit: limit)
        return JSONResponse.make(.object([
            "entries": .array(entries.map(\.json)),
            "chainValid": .bool(valid),
        ]))
    }
}
