import BulwarkJSON
import PostgresNIO
import RiskCore

struct PostgreSQLGovernanceRepository: GovernanceRepository, DocumentTables {
    let sql: PostgreSQLTransaction

    func recordVersion(_ parameters: RiskParameters, createdAt: Double) throws {
        let document = String(decoding: CanonicalForm.json(parameters), as: UTF8.self)
        try sql.execute("""
            INSERT INTO parameter_version (version, hash, document, created_at) VALUES (\(parameters.version), \(parameters.hash), \(document), \(createdAt))
            ON CONFLICT (version) DO NOTHING
            """)
    }

    func recordActivation(_ parameters: RiskParameters, at time: Double, proposalID: String) throws {
        let document = String(decoding: CanonicalForm.json(parameters), as: UTF8.self)
        try sql.execute("""
            INSERT INTO parameter_version (version, hash, document, created_at, activated_at, proposal_id)
            VALUES (\(parameters.version), \(parameters.hash), \(document), \(time), \(time), \(proposalID))
            ON CONFLICT (version) DO UPDATE SET activated_at = excluded.activated_at, proposal_id = excluded.proposal_id
            """)
    }

    private static func version(_ row: PostgresRow) throws -> ParameterVersion {
        let (version, hash, document, createdAt, activatedAt, proposalID) = try row.decode((String, String, String, Double, Double?, String?).self)
        return ParameterVersion(version: version, hash: hash, document: JSONValue(stored: document), createdAt: createdAt,
                                activatedAt: activatedAt, proposalID: proposalID)
    }

    func latestActivatedVersion() throws -> ParameterVersion? {
        try sql.rows("""
            SELECT version, hash, document, created_at, activated_at, proposal_id FROM parameter_version
            WHERE activated_at IS NOT NULL ORDER BY activated_at DESC LIMIT 1
            """).first(where: { _ in true }).map(Self.version)
    }

    func version(_ version: String) throws -> ParameterVersion? {
        try sql.rows("SELECT version, hash, document, created_at, activated_at, proposal_id FROM parameter_version WHERE version = \(version)")
            .first(where: { _ in true }).map(Self.version)
    }

    func versions() throws -> [ParameterVersion] {
        try sql.rows("""
            SELECT version, hash, document, created_at, activated_at, proposal_id FROM parameter_version ORDER BY created_at, version COLLATE "C"
            """).map(Self.version)
    }

    // MARK: DocumentTables (proposals and calibrations: DocumentTables.swift)

    func count(_ table: String) throws -> Int {
        try sql.scalar(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")) ?? 0
    }

    func save(_ table: String, id: String, _ document: JSONValue, now: Double) throws {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(document.storedText)
        binds.append(now)
        try sql.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO \(table) (id, document, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """, binds: binds))
    }

    func document(_ table: String, id: String) throws -> JSONValue? {
        var binds = PostgresBindings()
        binds.append(id)
        return try sql.scalar(PostgresQuery(unsafeSQL: "SELECT document FROM \(table) WHERE id = $1", binds: binds), as: String.self)
            .map(JSONValue.init(stored:))
    }

    func documents(_ table: String) throws -> [JSONValue] {
        try sql.rows(PostgresQuery(unsafeSQL: "SELECT document FROM \(table) ORDER BY position")).map { JSONValue(stored: try $0.decode(String.self)) }
    }

    func lastAuditHash() throws -> String? {
        try sql.scalar("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")
    }

    func appendAudit(_ entry: AuditEntry) throws {
        let detail = JSONValue.object(entry.detail).storedText
        try sql.execute("""
            INSERT INTO audit (time, actor, action, proposal_id, detail, previous_hash, hash)
            VALUES (\(entry.time), \(entry.actor), \(entry.action), \(entry.proposalID), \(detail), \(entry.previousHash), \(entry.hash))
            """)
    }

    func auditEntries() throws -> [AuditEntry] {
        try sql.rows("SELECT id, time, actor, action, proposal_id, detail, previous_hash, hash FROM audit ORDER BY id").map { row in
            let (id, time, actor, action, proposalID, detail, previousHash, hash)
                = try row.decode((Int64, Double, String, String, String?, String, String, String).self)
            return AuditEntry(id: id, time: time, actor: actor, action: action, proposalID: proposalID,
                              detail: JSONValue.storedObject(detail), previousHash: previousHash, hash: hash)
        }
    }
}
