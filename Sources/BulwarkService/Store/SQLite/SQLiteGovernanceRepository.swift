import BulwarkJSON
import GRDB
import RiskCore

struct SQLiteGovernanceRepository: GovernanceRepository, DocumentTables {
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

    // MARK: DocumentTables (proposals and calibrations: DocumentTables.swift)

    func count(_ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
    }

    func save(_ table: String, id: String, _ document: JSONValue, now: Double) throws {
        try db.execute(sql: "INSERT INTO \(table) (id, document, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                       arguments: [id, document.storedText, now])
    }

    func document(_ table: String, id: String) throws -> JSONValue? {
        try String.fetchOne(db, sql: "SELECT document FROM \(table) WHERE id = ?", arguments: [id]).map(JSONValue.init(stored:))
    }

    func documents(_ table: String) throws -> [JSONValue] {
        try String.fetchAll(db, sql: "SELECT document FROM \(table) ORDER BY rowid").map(JSONValue.init(stored:))
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
