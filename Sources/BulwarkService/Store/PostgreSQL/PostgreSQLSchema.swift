import Foundation
import PostgresNIO

/// The PostgreSQL schema, as migrations from the first version on (the same tables as
/// SQLite's). The instance that starts first applies what is missing, under a session
/// advisory lock, so instances starting together migrate once; each migration commits with
/// its row in `bulwark_migration`.
enum PostgreSQLSchema {
    /// The key of the migration lock ("BWKM").
    static let migrationLock: Int64 = 0x4257_4B4D

    static let migrations: [(name: String, sql: String)] = [
        ("v1: accounts and idempotency keys", """
            CREATE TABLE account (id TEXT PRIMARY KEY, version BIGINT NOT NULL, document TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL);
            CREATE TABLE idempotency_key (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL, etag TEXT,
                                          body BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL);
            """),
        ("v2: ledger and events", """
            CREATE TABLE ledger_entry (id BIGSERIAL PRIMARY KEY, journal BIGINT NOT NULL, book TEXT NOT NULL,
                                       amount DOUBLE PRECISION NOT NULL, reason TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL);
            CREATE INDEX ledger_entry_journal ON ledger_entry (journal);
            CREATE INDEX ledger_entry_book ON ledger_entry (book);
            CREATE TABLE event (id BIGSERIAL PRIMARY KEY, type TEXT NOT NULL, account TEXT, payload TEXT NOT NULL,
                                created_at DOUBLE PRECISION NOT NULL);
            """),
        ("v3: governed parameters, proposals, approvals, audit", """
            CREATE TABLE parameter_version (version TEXT PRIMARY KEY, hash TEXT NOT NULL, document TEXT NOT NULL,
                                            created_at DOUBLE PRECISION NOT NULL, activated_at DOUBLE PRECISION, proposal_id TEXT);
            CREATE TABLE proposal (id TEXT PRIMARY KEY, document TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL, position BIGSERIAL);
            CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                                proposal_id TEXT, detail TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
            CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
            """),
        ("v4: venue prices", """
            CREATE TABLE venue_price (asset TEXT PRIMARY KEY, price DOUBLE PRECISION NOT NULL, confidence DOUBLE PRECISION,
                                      timestamp DOUBLE PRECISION NOT NULL, received_at DOUBLE PRECISION NOT NULL);
            """),
        ("v5: calibrations", """
            CREATE TABLE calibration (id TEXT PRIMARY KEY, document TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL, position BIGSERIAL);
            """),
        ("v6: instances and shard leases", """
            CREATE TABLE cluster_instance (id TEXT PRIMARY KEY, heartbeat_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL);
            CREATE TABLE shard_lease (shard INTEGER PRIMARY KEY, owner TEXT, epoch BIGINT NOT NULL, expires_at DOUBLE PRECISION NOT NULL);
            """),
        ("v7: account changes", """
            CREATE TABLE account_change (sequence BIGSERIAL PRIMARY KEY, account TEXT NOT NULL, changed_at DOUBLE PRECISION NOT NULL);
            CREATE INDEX account_change_changed_at ON account_change (changed_at);
            """),
        ("v8: the price publisher's tick", """
            CREATE TABLE published_tick (id INTEGER PRIMARY KEY CHECK (id = 1), publisher TEXT NOT NULL,
                                         published_at DOUBLE PRECISION NOT NULL, document TEXT NOT NULL);
            """),
        ("v9: instances' addresses", """
            ALTER TABLE cluster_instance ADD COLUMN address TEXT;
            """),
    ]

    /// Applies the missing migrations on this (not yet transactional) connection.
    static func migrate(_ sql: PostgreSQLTransaction) throws {
        // Waits as long as another instance migrates (the pool's sessions give up lock waits early).
        try sql.execute("SET lock_timeout = 0")
        try sql.execute("SELECT pg_advisory_lock(\(migrationLock))")
        defer {
            try? sql.execute("SELECT pg_advisory_unlock(\(migrationLock))")
            try? sql.execute(PostgreSQLStore.lockTimeout)
        }
        try sql.execute("""
            CREATE TABLE IF NOT EXISTS bulwark_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """)
        let applied = try sql.scalar("SELECT max(version) FROM bulwark_migration", as: Int.self) ?? 0
        for (index, migration) in migrations.enumerated() where index + 1 > applied {
            try sql.execute("BEGIN")
            do {
                // One simple-protocol statement list per migration.
                for statement in statements(migration.sql) { try sql.execute(PostgresQuery(unsafeSQL: statement)) }
                try sql.execute("INSERT INTO bulwark_migration (version, name) VALUES (\(index + 1), \(migration.name))")
                try sql.execute("COMMIT")
            } catch {
                try? sql.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The statements of a migration: split at the semicolons that end a line outside a `$$` body.
    static func statements(_ text: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
