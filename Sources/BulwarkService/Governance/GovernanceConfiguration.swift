import RiskCore
import BulwarkJSON
import Foundation

/// The `governance` section of the config file: the council, its quorums, the timelock and
/// the backtest's size (docs/GOVERNANCE.md).
public struct GovernanceConfiguration: Sendable {
    public var council: [CouncilMember] = []
    /// Approvals needed.
    public var quorum = 2
    /// Approvals needed when the backtest raises the shortfall by more than `shortfallTolerance`.
    public var elevatedQuorum = 3
    /// Extra shortfall (quote currency, summed over the stress paths) a proposal may add at the normal quorum.
    public var shortfallTolerance = 0.0
    /// Seconds between quorum and activation.
    public var timelockSeconds = 3_600.0
    /// Seconds after the backtest's report within which approvals are taken.
    public var approvalWindowSeconds = 7 * 86_400.0
    /// At most this many stored accounts are replayed (an even sample by id).
    public var backtestAccounts = 2_000
    public var monteCarloPaths = 16
    public var seed: UInt64 = 42
    /// How the seeded paths move the underlyings (docs/CALIBRATION.md, "Stress paths").
    public var stressModel = StressModel.defaults
    /// The share of each underlying's market depth keepers can close per step of a replay.
    public var liquidationDepthPerStep = 1.0

    public init() {}

    static func parse(_ value: JSONValue?, _ reader: inout FieldReader) -> GovernanceConfiguration? {
        guard let object = reader.object(value, "governance", allowed: [
            "council", "quorum", "elevatedQuorum", "shortfallTolerance", "timelockSeconds", "approvalWindowSeconds",
            "backtestAccounts", "monteCarloPaths", "seed", "stressModel", "liquidationDepthPerStep",
        ]) else { return nil }
        var configuration = GovernanceConfiguration()
        var ids = Set<String>()
        for (index, element) in (reader.array(object["council"], "governance.council", maxCount: 100) ?? []).enumerated() {
            let field = "governance.council[\(index)]"
            guard let member = reader.element(element, field, allowed: ["id", "publicKey"]) else { continue }
            let id = reader.string(member["id"], "\(field).id") ?? ""
            if !Identifier.isValid(id) { reader.fail("\(field).id", Identifier.rule) }
            if !ids.insert(id).inserted { reader.fail("\(field).id", "is used by another member") }
            let text = reader.string(member["publicKey"], "\(field).publicKey") ?? ""
            let key = Hex.decode(text) ?? Data(base64Encoded: text).map(Array.init)
            guard let key, key.count == 32 else {
                reader.fail("\(field).publicKey", "must be a raw Ed25519 public key: 32 bytes in hex or base64")
                continue
            }
            configuration.council.append(CouncilMember(id: id, publicKey: key))
        }
        func integer(_ key: String, _ range: ClosedRange<Double>, _ apply: (Int) -> Void) {
            guard let value = reader.number(object[key], "governance.\(key)") else { return }
            if range.contains(value) && value == value.rounded() { apply(Int(value)) } else {
                reader.fail("governance.\(key)", "must be a whole number from \(Int(range.lowerBound)) to \(Int(range.upperBound))")
            }
        }
        integer("quorum", 1...100) { configuration.quorum = $0 }
        configuration.elevatedQuorum = max(configuration.quorum, min(configuration.quorum + 1, max(configuration.council.count, configuration.quorum)))
        integer("elevatedQuorum", 1...100) { configuration.elevatedQuorum = $0 }
        integer("backtestAccounts", 1...1_000_000) { configuration.backtestAccounts = $0 }
        integer("monteCarloPaths", 0...1_000) { configuration.monteCarloPaths = $0 }
        integer("seed", 0...9_007_199_254_740_992) { configuration.seed = UInt64($0) }
        if let value = reader.number(object["shortfallTolerance"], "governance.shortfallTolerance") {
            if value >= 0 && value.isFinite { configuration.shortfallTolerance = value } else { reader.fail("governance.shortfallTolerance", "must be at least 0") }
        }
        if let value = reader.number(object["timelockSeconds"], "governance.timelockSeconds") {
            if value >= 0 && value <= 365 * 86_400 { configuration.timelockSeconds = value } else { reader.fail("governance.timelockSeconds", "must be from 0 to a year") }
        }
        if let value = reader.number(object["approvalWindowSeconds"], "governance.approvalWindowSeconds") {
            if value > 0 && value <= 365 * 86_400 { configuration.approvalWindowSeconds = value } else {
                reader.fail("governance.approvalWindowSeconds", "must be more than 0 and at most a year")
            }
        }
        configuration.liquidationDepthPerStep = reader.number(
            object["liquidationDepthPerStep"], "governance.liquidationDepthPerStep",
            reason: "must be more than 0 and at most 1000 (a share of each underlying's marketDepth)", valid: { $0 > 0 && $0 <= 1_000 })
            ?? configuration.liquidationDepthPerStep
        if let model = reader.object(object["stressModel"], "governance.stressModel") {
            switch ParameterOverrides.apply(model, to: StressModel.defaults, path: "governance.stressModel", validate: { $0.validationIssues() }) {
            case .success(let value): configuration.stressModel = value
            case .failure(.invalid(let issues)): issues.forEach { reader.fail($0.field, $0.reason) }
            case .failure: reader.fail("governance.stressModel", "could not be applied")
            }
        }
        if configuration.elevatedQuorum < configuration.quorum {
            reader.fail("governance.elevatedQuorum", "must be at least the quorum")
        }
        if !configuration.council.isEmpty && configuration.quorum > configuration.council.count {
            reader.fail("governance.quorum", "is \(configuration.quorum) but the council has \(configuration.council.count) members")
        }
        return configuration
    }
}
