import BulwarkJSON
import GRDB
import RiskCore

struct SQLiteGovernanceRepository: GovernanceRepository {
    let db: Database

    func recordVersion(_ parameters: RiskParameters, createdAt: Double) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO parameter_version (version, hash, document, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [parameters.version, parameters.hash, String(decoding: CanonicalForm.json(parameters), as: UTF8.self), createdAt])
    }

    func recordActivation(_ parameters: RiskParameters, at time: Double, proposalID: String) throws {
        try db.execute(sql: """
            INSERT INTO parameter_version (version, hash, document, created_at, activated_at, proposal_id) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(version) DO UPDATE SET activated_at = excluded.activated_at, proposal_id = excluded.proposal_id
            """, arguments: [parameters.version, parameters.hash, String(decoding: CanonicalForm.json(parameters), as: UTF8.self),
                             time, time, proposalID])
    }

    private static let versionColumns = "version, hash, document, created_at, activated_at, proposal_id"

    private static func version(_ row: Row) -> ParameterVersion {
        ParameterVersion(version: row["version"], hash: row["hash"], document: JSONValue(stored: row["document"]),
                         createdAt: row["created_at"], activatedAt: row["activated_at"], proposalID: row["proposal_id"])
    }

    func latestActivatedVersion() throws -> ParameterVersion? {
        try Row.fetchOne(db, sql: "SELECT \(Self.versionColumns) FROM parameter_version WHERE activated_at IS NOT NULL ORDER BY activated_at DESC LIMIT 1")
            .map(Self.version)
    }

    func version(_ version: String) throws -> ParameterVersion? {
        try Row.fetchOne(db, sql: "SELECT \(Self.versionColumns) FROM parameter_version WHERE version = ?", arguments: [version]).map(Self.version)
    }

    func versions() throws -> [ParameterVersion] {
        try Row.fetchAll(db, sql: "SELECT \(Self.versionColumns) FROM parameter_version ORDER BY created_at, version").map(Self.version)
    }

    func proposalCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal") ?? 0
    }

    func save(_ proposal: Proposal, now: Double) throws {
        try db.execute(sql: "INSERT INTO proposal (id, document, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                       arguments: [proposal.id, proposal.storedJSON.storedText, now])
    }

    func proposal(_ id: String) throws -> Proposal? {
        try String.fetchOne(db, sql: "SELECT document FROM proposal WHERE id = ?", arguments: [id]).flatMap { Proposal(stored: JSONValue(stored: $0)) }
    }

    func proposals() throws -> [Proposal] {
        try String.fetchAll(db, sql: "SELECT document FROM proposal ORDER BY rowid").compactMap { Proposal(stored: JSONValue(stored: $0)) }
    }

    func calibrationCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM calibration") ?? 0
    }

    func save(_ calibration: CalibrationRecord, now: Double) throws {
        try db.execute(sql: "INSERT INTO calibration (id, document, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                       arguments: [calibration.id, calibration.storedJSON.storedText, now])
    }

    func calibration(_ id: String) throws -> CalibrationRecord? {
        try String.fetchOne(db, sql: "SELECT document FROM calibration WHERE id = ?", arguments: [id]).flatMap { CalibrationRecord(stored: JSONValue(stored: $0)) }
    }

    func calibrations() throws -> [CalibrationRecord] {
        try String.fetchAll(db, sql: "SELECT document FROM calibration ORDER BY rowid").compactMap { CalibrationRecord(stored: JSONValue(stored: $0)) }
    }

    func lastAuditHash() throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY id DESC LIMIT 1")
    }

    func appendAudit(_ entry: AuditEntry) throws {
        try db.execute(sql: "INSERT INTO audit (time, actor, action, proposal_id, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [entry.time, entry.actor, entry.action, entry.proposalID, JSONValue.object(entry.detail).storedText,
                                   entry.previousHash, entry.hash])
    }

    func auditEntries() throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT id, time, actor, action, proposal_id, detail, previous_hash, hash FROM audit ORDER BY id").map { row in
            AuditEntry(id: row["id"], time: row["time"], actor: row["actor"], action: row["action"], proposalID: row["proposal_id"],
                       detail: JSONValue.storedObject(row["detail"]), previousHash: row["previous_hash"], hash: row["hash"])
        }
    }
}
