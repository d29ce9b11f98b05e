import BulwarkJSON
import Crypto
import Foundation
import GRDB
import RiskCore
import Synchronization

/// Governed risk parameters (docs/GOVERNANCE.md): proposals by `risk` keys, a backtest in the
/// background, approval by an M-of-N council of Ed25519 keys, a timelock, activation, and an
/// append-only, hash-chained audit log of every step.
public final class Governance: Sendable {
    let configuration: GovernanceConfiguration
    let registry: ParameterRegistry
    let store: AccountStore
    let monitor: HealthMonitor?
    let liquidation: LiquidationParameters
    let clock: @Sendable () -> Double
    private let progress = Mutex<[String: Double]>([:])
    private let nextActivation = Mutex<Double?>(nil)
    private let activating = Mutex(false)
    private let backtests = DispatchGroup()

    init(configuration: GovernanceConfiguration, registry: ParameterRegistry, store: AccountStore, monitor: HealthMonitor?,
         liquidation: LiquidationParameters, clock: @escaping @Sendable () -> Double) {
        self.configuration = configuration
        self.registry = registry
        self.store = store
        self.monitor = monitor
        self.liquidation = liquidation
        self.clock = clock
    }

    // MARK: Start

    /// Records the configured parameters as a version, switches to the last version governance
    /// activated (the database wins over the config file once governance has acted), and
    /// resumes backtests and timelocks left running.
    public func bootstrap() throws {
        let configured = registry.current.parameters
        let now = clock()
        let (latest, pending) = try store.write { db -> ((RiskParameters, Double, String?)?, [Proposal]) in
            try db.execute(sql: "INSERT OR IGNORE INTO parameter_version (version, hash, document, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [configured.version, configured.hash, String(decoding: CanonicalForm.json(configured), as: UTF8.self), now])
            var latest: (RiskParameters, Double, String?)?
            if let row = try Row.fetchOne(db, sql: "SELECT document, activated_at, proposal_id FROM parameter_version WHERE activated_at IS NOT NULL ORDER BY activated_at DESC LIMIT 1"),
               let parameters = try? JSONDecoder().decode(RiskParameters.self, from: Data((row["document"] as String).utf8)) {
                latest = (parameters, row["activated_at"], row["proposal_id"])
            }
            return (latest, try Self.proposals(db))
        }
        if let (parameters, at, proposal) = latest, parameters.hash != configured.hash {
            registry.activate(parameters, activatedAt: at, proposalID: proposal)
        }
        for proposal in pending where proposal.status == .backtesting { startBacktest(proposal.id) }
        scheduleActivation(pending)
    }

    // MARK: Proposals

    func submit(changes: JSONObject, rationale: String, proposer: Principal) -> Result<Proposal, APIError> {
        var issues: [ValidationIssue] = []
        let trimmed = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || rationale.count > 4_000 { issues.append(ValidationIssue(field: "rationale", reason: "is required: 1 to 4000 characters")) }
        if changes.members.isEmpty { issues.append(ValidationIssue(field: "changes", reason: "must change at least one parameter")) }
        guard issues.isEmpty else { return .failure(.invalid(issues)) }
        let base = registry.current.parameters
        let proposed: RiskParameters
        switch ParameterOverrides.apply(changes, to: base, path: "changes") {
        case .success(let value): proposed = value
        case .failure(let error): return .failure(error)
        }
        guard proposed.hash != base.hash else {
            return .failure(.invalid([ValidationIssue(field: "changes", reason: "changes nothing: the parameters in force already have these values")]))
        }
        let now = clock()
        do {
            let proposal = try store.write { db -> Proposal in
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal") ?? 0
                let proposal = Proposal(id: "prop-\(count + 1)", createdAt: now, proposer: proposer.id, rationale: rationale,
                                        changes: .object(changes), baseHash: base.hash, proposed: proposed, status: .backtesting)
                try Self.save(proposal, db, now: now)
                try Self.audit(db, time: now, actor: proposer.id, action: "proposal.submitted", proposal: proposal.id, detail: JSONObject(pairs: [
                    "hash": .string(proposal.hash), "baseParametersHash": .string(base.hash),
                    "proposedParametersHash": .string(proposed.hash), "rationale": .string(rationale),
                ]))
                return proposal
            }
            startBacktest(proposal.id)
            return .success(proposal)
        } catch {
            return .failure(.storage(error))
        }
    }

    /// The backtest's progress (0 to 1) while it runs.
    func progress(of id: String) -> Double? { progress.withLock { $0[id] } }

    /// Waits for running backtests (tests and shutdown).
    public func waitForBacktests() { backtests.wait() }

    private func startBacktest(_ id: String) {
        progress.withLock { $0[id] = 0 }
        backtests.enter()
        let thread = Thread { [self] in
            defer { backtests.leave() }
            runBacktest(id)
        }
        thread.name = "bulwark-backtest"
        thread.start()
    }

    private func runBacktest(_ id: String) {
        guard let proposal = try? store.read({ db in try Self.proposal(db, id) }) else { return }
        let backtest = makeBacktest(proposal)
        let (report, increase) = backtest.run { fraction in progress.withLock { $0[id] = fraction } }
        let now = clock()
        _ = try? store.write { db in
            guard var stored = try Self.proposal(db, id), stored.status == .backtesting else { return }
            stored.backtest = report
            stored.reportedAt = now
            let elevated = increase > configuration.shortfallTolerance
            stored.requiredQuorum = elevated ? configuration.elevatedQuorum : configuration.quorum
            stored.status = .awaitingApproval
            try Self.save(stored, db, now: now)
            try Self.audit(db, time: now, actor: "system", action: "backtest.completed", proposal: id, detail: JSONObject(pairs: [
                "shortfallIncrease": .number(increase), "shortfallTolerance": .number(configuration.shortfallTolerance),
                "requiredQuorum": .number(Double(stored.requiredQuorum!)), "accounts": report["accounts"],
            ]))
        }
        progress.withLock { $0[id] = nil }
    }

    private func makeBacktest(_ proposal: Proposal) -> ParameterBacktest {
        var accounts: [ParameterBacktest.Account] = []
        var bookSize = 0
        var market = MarketData()
        if let monitor {
            let all = monitor.allAccounts.sorted { $0.id < $1.id }
            bookSize = all.count
            let stride = max(1, Int((Double(all.count) / Double(configuration.backtestAccounts)).rounded(.up)))
            market = monitor.currentMarket
            for (index, account) in all.enumerated() where index % stride == 0 {
                let (portfolio, _) = monitor.prepared(account, market: market)
                accounts.append(.init(portfolio: portfolio, mode: account.document.mode, profile: account.document.methodology))
            }
        }
        return ParameterBacktest(
            current: registry.current.parameters, proposed: proposal.proposed, accounts: accounts, bookSize: bookSize, market: market,
            asOf: Timestamp(secondsSinceEpoch: Int64(clock())), liquidation: liquidation,
            insuranceFund: max(0, (try? store.balance(of: LedgerJournal.insuranceFund)) ?? 0),
            paths: StressPath.builtIn + StressPath.jumpDiffusion(seed: configuration.seed, paths: configuration.monteCarloPaths))
    }

    // MARK: Approvals

    func approve(_ id: String, keyID: String, signature: String, by principal: Principal) -> Result<Proposal, APIError> {
        let now = clock()
        enum Outcome { case accepted(Proposal), refused(APIError) }
        do {
            let outcome = try store.write { db -> Outcome in
                guard var proposal = try Self.proposal(db, id) else { return .refused(.notFound("no proposal '\(id)'")) }
                func refuse(_ error: APIError, _ reason: String) throws -> Outcome {
                    try Self.audit(db, time: now, actor: principal.id, action: "approval.refused", proposal: id,
                                   detail: JSONObject(pairs: ["keyId": .string(keyID), "reason": .string(reason)]))
                    return .refused(error)
                }
                guard let member = configuration.council.first(where: { $0.id == keyID }) else {
                    let known = configuration.council.map(\.id).joined(separator: ", ")
                    return try refuse(.invalid([ValidationIssue(field: "keyId", reason: configuration.council.isEmpty
                        ? "no council is configured (governance.council)" : "is not a council key; known: \(known)")]), "unknown key")
                }
                if proposal.status == .awaitingApproval, let reported = proposal.reportedAt, now > reported + configuration.approvalWindowSeconds {
                    proposal.status = .expired
                    try Self.save(proposal, db, now: now)
                    try Self.audit(db, time: now, actor: "system", action: "proposal.expired", proposal: id, detail: JSONObject())
                }
                switch proposal.status {
                case .backtesting:
                    let done = Int((progress(of: id) ?? 0) * 100)
                    return try refuse(.conflict("the backtest of \(id) is still running (\(done)%); approvals open when its report is ready"), "backtest running")
                case .awaitingApproval:
                    break
                default:
                    return try refuse(.conflict("late: \(id) is \(proposal.status.rawValue) and takes no more approvals"), "late")
                }
                guard let bytes = Data(base64Encoded: signature), bytes.count == 64 else {
                    return try refuse(.invalid([ValidationIssue(field: "signature", reason: "must be the base64 of a 64-byte Ed25519 signature")]), "malformed signature")
                }
                guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: member.publicKey),
                      key.isValidSignature(bytes, for: Array(proposal.hash.utf8)) else {
                    return try refuse(.invalid([ValidationIssue(field: "signature",
                                                                reason: "does not verify: it must be \(keyID)'s Ed25519 signature of this proposal's hash \(proposal.hash)")]),
                                      "signature does not verify")
                }
                guard !proposal.approvals.contains(where: { $0.keyID == keyID }) else {
                    return try refuse(.conflict("\(keyID) has already approved \(id)"), "duplicate")
                }
                proposal.approvals.append(.init(keyID: keyID, signature: signature, at: now))
                try Self.audit(db, time: now, actor: principal.id, action: "approval.accepted", proposal: id, detail: JSONObject(pairs: [
                    "keyId": .string(keyID), "signature": .string(signature),
                    "approvals": .number(Double(proposal.approvals.count)), "requiredQuorum": .number(Double(proposal.requiredQuorum ?? configuration.quorum)),
                ]))
                if proposal.approvals.count >= proposal.requiredQuorum ?? configuration.quorum {
                    proposal.status = .approved
                    proposal.approvedAt = now
                    proposal.activatesAt = now + configuration.timelockSeconds
                    try Self.audit(db, time: now, actor: "system", action: "proposal.approved", proposal: id, detail: JSONObject(pairs: [
                        "activatesAt": .number(proposal.activatesAt!), "timelockSeconds": .number(configuration.timelockSeconds),
                    ]))
                }
                try Self.save(proposal, db, now: now)
                return .accepted(proposal)
            }
            switch outcome {
            case .accepted(let proposal):
                if let at = proposal.activatesAt { nextActivation.withLock { $0 = min($0 ?? at, at) } }
                activateDue()
                return .success(proposal)
            case .refused(let error):
                return .failure(error)
            }
        } catch {
            return .failure(.storage(error))
        }
    }

    // MARK: Activation

    /// Activates every approved proposal whose timelock has passed. Cheap when none is due:
    /// called before every request.
    public func activateDue() {
        let now = clock()
        guard let due = nextActivation.withLock({ $0 }), due <= now else { return }
        guard activating.withLock({ running in
            defer { running = true }
            return !running
        }) else { return }
        defer { activating.withLock { $0 = false } }
        var activated: Proposal?
        let remaining = try? store.write { db -> [Proposal] in
            let proposals = try Self.proposals(db).filter { $0.status == .approved }.sorted { ($0.activatesAt ?? 0) < ($1.activatesAt ?? 0) }
            var current = registry.current.parameters.hash
            for var proposal in proposals where (proposal.activatesAt ?? .infinity) <= now {
                if proposal.baseHash != current {
                    proposal.status = .superseded
                    proposal.note = "the parameters changed to \(current) after it was proposed against \(proposal.baseHash)"
                    try Self.save(proposal, db, now: now)
                    try Self.audit(db, time: now, actor: "system", action: "proposal.superseded", proposal: proposal.id,
                                   detail: JSONObject(pairs: ["activeParametersHash": .string(current)]))
                    continue
                }
                proposal.status = .active
                proposal.activatedAt = now
                try Self.save(proposal, db, now: now)
                try db.execute(sql: """
                    INSERT INTO parameter_version (version, hash, document, created_at, activated_at, proposal_id) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(version) DO UPDATE SET activated_at = excluded.activated_at, proposal_id = excluded.proposal_id
                    """, arguments: [proposal.proposed.version, proposal.proposed.hash,
                                     String(decoding: CanonicalForm.json(proposal.proposed), as: UTF8.self), now, now, proposal.id])
                try Self.audit(db, time: now, actor: "system", action: "parameters.activated", proposal: proposal.id, detail: JSONObject(pairs: [
                    "version": .string(proposal.proposed.version), "hash": .string(proposal.proposed.hash),
                    "previousHash": .string(current),
                ]))
                current = proposal.proposed.hash
                activated = proposal
            }
            return try Self.proposals(db).filter { $0.status == .approved }
        }
        if let activated, let at = activated.activatedAt {
            registry.activate(activated.proposed, activatedAt: at, proposalID: activated.id)
            monitor?.parametersChanged()
        }
        scheduleActivation(remaining ?? [])
    }

    private func scheduleActivation(_ proposals: [Proposal]) {
        let next = proposals.filter { $0.status == .approved }.compactMap(\.activatesAt).min()
        nextActivation.withLock { $0 = next }
    }

    // MARK: Reading

    func proposal(_ id: String) -> Proposal? { try? store.read { db in try Self.proposal(db, id) } }

    func proposals() -> [Proposal] { (try? store.read { db in try Self.proposals(db) }) ?? [] }

    /// A stored parameter version: its set, hash and when governance activated it.
    func version(_ version: String) -> (parameters: JSONValue, hash: String, createdAt: Double, activatedAt: Double?, proposal: String?)? {
        try? store.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT hash, document, created_at, activated_at, proposal_id FROM parameter_version WHERE version = ?",
                                             arguments: [version]) else { return nil }
            return (JSONValue(stored: row["document"]), row["hash"], row["created_at"], row["activated_at"], row["proposal_id"])
        }
    }

    func versions() -> [(version: String, hash: String, activatedAt: Double?, proposal: String?)] {
        (try? store.read { db in
            try Row.fetchAll(db, sql: "SELECT version, hash, activated_at, proposal_id FROM parameter_version ORDER BY created_at, version")
                .map { ($0["version"], $0["hash"], $0["activated_at"], $0["proposal_id"]) }
        }) ?? []
    }

    /// Audit entries after an id, and whether the whole chain verifies.
    func audit(after: Int64, limit: Int) -> (entries: [AuditEntry], chainValid: Bool) {
        (try? store.read { db in
            let all = try Self.auditEntries(db)
            var previous = AuditEntry.genesisHash
            var valid = true
            for entry in all {
                let expected = AuditEntry.hash(time: entry.time, actor: entry.actor, action: entry.action, proposalID: entry.proposalID,
                                               detail: entry.detail, previousHash: previous)
                if entry.previousHash != previous || entry.hash != expected { valid = false }
                previous = entry.hash
            }
            return (Array(all.filter { $0.id > after }.prefix(limit)), valid)
        }) ?? ([], false)
    }

    // MARK: Storage

    static func save(_ proposal: Proposal, _ db: Database, now: Double) throws {
        try db.execute(sql: "INSERT INTO proposal (id, document, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                       arguments: [proposal.id, String(decoding: JSONWriter.encode(proposal.storedJSON), as: UTF8.self), now])
    }

    static func proposal(_ db: Database, _ id: String) throws -> Proposal? {
        guard let text = try String.fetchOne(db, sql: "SELECT document FROM proposal WHERE id = ?", arguments: [id]) else { return nil }
        return Proposal(stored: JSONValue(stored: text))
    }

    static func proposals(_ db: Database) throws -> [Proposal] {
        try String.fetchAll(db, sql: "SELECT document FROM proposal ORDER BY rowid").compactMap { Proposal(stored: JSONValue(stored: $0)) }
    }

    static func audit(_ db: Database, time: Double, actor: String, action: String, proposal: String?, detail: JSONObject) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY id DESC LIMIT 1") ?? AuditEntry.genesisHash
        let hash = AuditEntry.hash(time: time, actor: actor, action: action, proposalID: proposal, detail: detail, previousHash: previous)
        try db.execute(sql: "INSERT INTO audit (time, actor, action, proposal_id, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [time, actor, action, proposal, String(decoding: JSONWriter.encode(.object(detail)), as: UTF8.self), previous, hash])
    }

    static func auditEntries(_ db: Database) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT id, time, actor, action, proposal_id, detail, previous_hash, hash FROM audit ORDER BY id").map { row in
            AuditEntry(id: row["id"], time: row["time"], actor: row["actor"], action: row["action"], proposalID: row["proposal_id"],
                       detail: JSONValue.storedObject(row["detail"]), previousHash: row["previous_hash"], hash: row["hash"])
        }
    }
}
