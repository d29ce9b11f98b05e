import Foundation
import BulwarkJSON
import Crypto
import RiskCore

/// A proposed change of the risk parameters, from submission to activation.
public struct Proposal: Sendable {
    public struct Approval: Sendable, Equatable {
        public var keyID: String
        /// Base64 of the Ed25519 signature over the proposal hash.
        public var signature: String
        public var at: Double
    }

    public var id: String
    public var createdAt: Double
    public var proposer: String
    public var rationale: String
    /// The overrides as submitted, in the shape of `methodology.parameters`.
    public var changes: JSONValue
    public var baseHash: String
    public var proposed: RiskParameters
    public var status: ProposalStatus
    public var backtest: JSONValue?
    public var requiredQuorum: Int?
    public var reportedAt: Double?
    public var approvals: [Approval] = []
    public var approvedAt: Double?
    public var activatesAt: Double?
    public var activatedAt: Double?
    public var note: String?

    public var proposedHash: String { proposed.hash }

    /// The statement the council signs: canonical JSON binding the id, both parameter hashes,
    /// the changes and the rationale (docs/GOVERNANCE.md).
    public var canonicalStatement: [UInt8] {
        CanonicalJSON.encode(.object([
            "type": .string("bulwark.parameter-proposal.v1"),
            "id": .string(id),
            "baseParametersHash": .string(baseHash),
            "proposedParametersHash": .string(proposedHash),
            "changes": changes,
            "rationale": .string(rationale),
        ]))
    }

    /// SHA-256 of the canonical statement, hex: council members sign these 64 ASCII characters.
    public var hash: String { Hex.encode(SHA256.hash(data: canonicalStatement)) }

    var json: JSONValue {
        .object([
            "id": .string(id),
            "status": .string(status.rawValue),
            "createdAt": .string(Timestamp(secondsSinceEpoch: Int64(createdAt)).iso8601),
            "proposer": .string(proposer),
            "rationale": .string(rationale),
            "changes": changes,
            "hash": .string(hash),
            "statement": .string(String(decoding: canonicalStatement, as: UTF8.self)),
            "baseParametersHash": .string(baseHash),
            "proposedParametersHash": .string(proposedHash),
            "proposedVersion": .string(proposed.version),
            "requiredQuorum": requiredQuorum.map { .number(Double($0)) },
            "approvals": .array(approvals.map { .object(["keyId": .string($0.keyID), "signature": .string($0.signature),
                                                         "at": .string(Timestamp(secondsSinceEpoch: Int64($0.at)).iso8601)]) }),
            "approvedAt": approvedAt.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) },
            "activatesAt": activatesAt.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) },
            "activatedAt": activatedAt.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) },
            "note": note.map(JSONValue.string),
            "backtest": backtest,
        ])
    }

    /// The stored form: everything, with exact times.
    var storedJSON: JSONValue {
        .object([
            "id": .string(id), "createdAt": .number(createdAt), "proposer": .string(proposer), "rationale": .string(rationale),
            "changes": changes, "baseHash": .string(baseHash),
            "proposed": (try? JSONParser.parse(Array(CanonicalForm.json(proposed)))) ?? .null,
            "status": .string(status.rawValue), "backtest": backtest,
            "requiredQuorum": requiredQuorum.map { .number(Double($0)) }, "reportedAt": reportedAt.map(JSONValue.number),
            "approvals": .array(approvals.map { .object(["keyId": .string($0.keyID), "signature": .string($0.signature), "at": .number($0.at)]) }),
            "approvedAt": approvedAt.map(JSONValue.number), "activatesAt": activatesAt.map(JSONValue.number),
            "activatedAt": activatedAt.map(JSONValue.number), "note": note.map(JSONValue.string),
        ])
    }

    init(id: String, createdAt: Double, proposer: String, rationale: String, changes: JSONValue, baseHash: String,
         proposed: RiskParameters, status: ProposalStatus) {
        self.id = id
        self.createdAt = createdAt
        self.proposer = proposer
        self.rationale = rationale
        self.changes = changes
        self.baseHash = baseHash
        self.proposed = proposed
        self.status = status
    }

    init?(stored: JSONValue) {
        func number(_ key: String) -> Double? { if case .number(let value)? = stored[key] { value } else { nil } }
        func string(_ key: String) -> String? { if case .string(let value)? = stored[key] { value } else { nil } }
        guard let id = string("id"), let createdAt = number("createdAt"), let proposer = string("proposer"),
              let rationale = string("rationale"), let baseHash = string("baseHash"),
              let status = string("status").flatMap(ProposalStatus.init(rawValue:)),
              let proposedJSON = stored["proposed"],
              let proposed = try? JSONDecoder().decode(RiskParameters.self, from: Data(JSONWriter.encode(proposedJSON))) else { return nil }
        self.init(id: id, createdAt: createdAt, proposer: proposer, rationale: rationale, changes: stored["changes"] ?? .null,
                  baseHash: baseHash, proposed: proposed, status: status)
        backtest = stored["backtest"].flatMap { $0 == .null ? nil : $0 }
        requiredQuorum = number("requiredQuorum").map { Int($0) }
        reportedAt = number("reportedAt")
        approvedAt = number("approvedAt")
        activatesAt = number("activatesAt")
        activatedAt = number("activatedAt")
        note = string("note")
        if case .array(let list)? = stored["approvals"] {
            approvals = list.compactMap { element in
                guard case .string(let key)? = element["keyId"], case .string(let signature)? = element["signature"],
                      case .number(let at)? = element["at"] else { return nil }
                return Approval(keyID: key, signature: signature, at: at)
            }
        }
    }
}
