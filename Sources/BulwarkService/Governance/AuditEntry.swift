import BulwarkJSON
import Crypto
import RiskCore

/// One governance event in the append-only audit log. Each entry's hash covers the previous
/// entry's, so an edit anywhere breaks the chain from there on.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var time: Double
    /// The key id that acted, or `system` (backtests, activation).
    public var actor: String
    /// `proposal.submitted`, `backtest.completed`, `backtest.failed`, `approval.accepted`,
    /// `approval.refused`, `proposal.approved`, `proposal.expired`, `proposal.superseded`, `parameters.activated`.
    public var action: String
    public var proposalID: String?
    public var detail: JSONObject
    public var previousHash: String
    public var hash: String

    static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 of the canonical JSON of everything but the hash itself.
    static func hash(time: Double, actor: String, action: String, proposalID: String?, detail: JSONObject, previousHash: String) -> String {
        Hex.encode(SHA256.hash(data: CanonicalJSON.encode(.object([
            "time": .number(time), "actor": .string(actor), "action": .string(action),
            "proposalId": proposalID.map(JSONValue.string) ?? .null, "detail": .object(detail), "previousHash": .string(previousHash),
        ]))))
    }

    /// Whether every entry's hash is its own and covers the entry before it.
    static func chainIsValid(_ entries: [AuditEntry]) -> Bool {
        var previous = genesisHash
        for entry in entries {
            let expected = hash(time: entry.time, actor: entry.actor, action: entry.action, proposalID: entry.proposalID,
                                detail: entry.detail, previousHash: previous)
            guard entry.previousHash == previous, entry.hash == expected else { return false }
            previous = entry.hash
        }
        return true
    }

    var json: JSONValue {
        .object([
            "id": .number(Double(id)),
            "time": .string(Timestamp(secondsSinceEpoch: Int64(time)).iso8601),
            "actor": .string(actor),
            "action": .string(action),
            "proposalId": proposalID.map(JSONValue.string),
            "detail": .object(detail),
            "previousHash": .string(previousHash),
            "hash": .string(hash),
        ])
    }
}
