import GRDB

/// The SQLite schema, as migrations from the first version on: a database of any earlier
/// release is brought up to date at start.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts and idempotency keys") { db in
            try db.create(table: "account") { table in
                table.primaryKey("id", .text)
                table.column("version", .integer).notNull()
                table.column("document", .text).notNull()
                table.column("updated_at", .double).notNull()
            }
            try db.create(table: "idempotency_key") { table in
                table.primaryKey("key", .text)
                table.column("request_hash", .text).notNull()
                table.column("status", .integer).notNull()
                table.column("etag", .text)
                table.column("body", .blob).notNull()
                table.column("created_at", .double).notNull()
            }
        }
        migrator.registerMigration("v2: ledger and events") { db in
            // Double-entry: every journal's lines sum to zero, so the whole ledger does.
            try db.create(table: "ledger_entry") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("journal", .integer).notNull().indexed()
                table.column("book", .text).notNull().indexed()
                table.column("amount", .double).notNull()
                table.column("reason", .text).notNull()
                table.column("created_at", .double).notNull()
            }
            try db.create(table: "event") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("type", .text).notNull()
                table.column("account", .text)
                table.column("payload", .text).notNull()
                table.column("created_at", .double).notNull()
            }
        }
        migrator.registerMigration("v3: governed parameters, proposals, approvals, audit") { db in
            try db.create(table: "parameter_version") { table in
                table.primaryKey("version", .text)
                table.column("hash", .text).notNull()
                table.column("document", .text).notNull()
                table.column("created_at", .double).notNull()
                table.column("activated_at", .double)
                table.column("proposal_id", .text)
            }
            try db.create(table: "proposal") { table in
                table.primaryKey("id", .text)
                table.column("document", .text).notNull()
                table.column("updated_at", .double).notNull()
            }
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .double).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("proposal_id", .text)
                table.column("detail", .text).notNull()
                table.column("previous_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
            // Append-only: the database itself refuses to change or remove an audit entry.
            try db.execute(sql: "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
            try db.execute(sql: "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
        }
        migrator.registerMigration("v4: venue prices") { db in
            try db.create(table: "venue_price") { table in
                table.primaryKey("asset", .text)
                table.column("price", .double).notNull()
                table.column("confidence", .double)
                table.column("timestamp", .double).notNull()
                table.column("received_at", .double).notNull()
            }
        }
        migrator.registerMigration("v5: calibrations") { db in
            try db.create(table: "calibration") { table in
                table.primaryKey("id", .text)
                table.column("document", .text).notNull()
                table.column("updated_at", .double).notNull()
            }
        }
        migrator.registerMigration("v6: instances and shard leases") { db in
            try db.create(table: "cluster_instance") { table in
                table.primaryKey("id", .text)
                table.column("heartbeat_at", .double).notNull()
                table.column("expires_at", .double).notNull()
            }
            try db.create(table: "shard_lease") { table in
                table.primaryKey("shard", .integer)
                table.column("owner", .text)
                table.column("epoch", .integer).notNull()
                table.column("expires_at", .double).notNull()
            }
        }
        migrator.registerMigration("v7: account changes") { db in
            try db.create(table: "account_change") { table in
                table.autoIncrementedPrimaryKey("sequence")
                table.column("account", .text).notNull()
                table.column("changed_at", .double).notNull().indexed()
            }
        }
        migrator.registerMigration("v8: the price publisher's tick") { db in
            try db.create(table: "published_tick") { table in
                table.primaryKey("id", .integer)
                table.column("publisher", .text).notNull()
                table.column("published_at", .double).notNull()
                table.column("document", .text).notNull()
            }
        }
        migrator.registerMigration("v9: instances' addresses") { db in
            try db.alter(table: "cluster_instance") { $0.add(column: "address", .text) }
        }
        return migrator
    }
}
