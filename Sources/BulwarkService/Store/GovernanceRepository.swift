import BulwarkJSON
import RiskCore

/// Parameter versions, proposals, calibrations and the append-only, hash-chained audit log.
public protocol GovernanceRepository {
    /// Records a parameter set as a version if it is not one already.
    func recordVersion(_ parameters: RiskParameters, createdAt: Double) throws

    /// Records that governance activated a parameter set (creating its version if needed).
    func recordActivation(_ parameters: RiskParameters, at time: Double, proposalID: String) throws

    /// The version governance activated last, if any.
    func latestActivatedVersion() throws -> ParameterVersion?

    func version(_ version: String) throws -> ParameterVersion?

    /// Every version, oldest first.
    func versions() throws -> [ParameterVersion]

    func proposalCount() throws -> Int

    /// Stores a proposal, new or updated.
    func save(_ proposal: Proposal, now: Double) throws

    func proposal(_ id: String) throws -> Proposal?

    /// Every proposal, in the order they were submitted.
    func proposals() throws -> [Proposal]

    func calibrationCount() throws -> Int

    /// Stores a calibration, new or updated.
    func save(_ calibration: CalibrationRecord, now: Double) throws

    func calibration(_ id: String) throws -> CalibrationRecord?

    /// Every calibration, in the order they were requested.
    func calibrations() throws -> [CalibrationRecord]

    /// The hash of the newest audit entry, nil when the log is empty.
    func lastAuditHash() throws -> String?

    /// Appends an entry (its id is assigned by the store).
    func appendAudit(_ entry: AuditEntry) throws

    /// The whole audit log, oldest first.
    func auditEntries() throws -> [AuditEntry]
}

extension GovernanceRepository {
    /// Appends an audit entry chained to the newest one.
    public func audit(time: Double, actor: String, action: String, proposal: String?, detail: JSONObject) throws {
        let previous = try lastAuditHash() ?? AuditEntry.genesisHash
        try appendAudit(AuditEntry(id: 0, time: time, actor: actor, action: action, proposalID: proposal, detail: detail,
                                   previousHash: previous,
                                   hash: AuditEntry.hash(time: time, actor: actor, action: action, proposalID: proposal,
                                                         detail: detail, previousHash: previous)))
    }
}
