import BulwarkJSON
import Crypto
import Foundation
import RiskCore
import Synchronization

/// Governed risk parameters (docs/GOVERNANCE.md): proposals by `risk` keys, a backtest in the
/// background, approval by an M-of-N council of Ed25519 keys, a timelock, activation, and an
/// append-only, hash-chained audit log of every step.
public final class Governance: Sendable {
    let configuration: GovernanceConfiguration
    let registry: ParameterRegistry
    let store: any Store
    let monitor: HealthMonitor?
    let liquidation: LiquidationParameters
    let clock: @Sendable () -> Double
    private let progress = Mutex<[String: Double]>([:])
    private let nextActivation = Mutex<Double?>(nil)
    private let activating = Mutex(false)
    private let backtests = DispatchGroup()

    init(configuration: GovernanceConfiguration, registry: ParameterRegistry, store: any Store, monitor: HealthMonitor?,
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
    /// schedules the timelocks left running.
    public func bootstrap() throws {
        let configured = registry.current.parameters
        let now = clock()
        let (latest, pending) = try store.write { transaction in
            try transaction.governance.recordVersion(configured, createdAt: now)
            return (try transaction.governance.latestActivatedVersion(), try transaction.governance.proposals())
        }
        if let latest, let parameters = latest.parameters, let at = latest.activatedAt, parameters.hash != configured.hash {
            registry.activate(parameters, activatedAt: at, proposalID: latest.proposalID)
        }
        scheduleActivation(pending)
    }

    /// Starts again the backtests a stop left running (once the monitor holds the book).
    public func resumeBacktests() throws {
        for proposal in try store.read({ try $0.governance.proposals() }) where proposal.status == .backtesting {
            startBacktest(proposal.id)
        }
    }

    // MARK: Proposals

    func submit(changes: JSONObject, rationale: String, proposer: Principal) -> Result<Proposal, GovernanceError> {
        var issues: [ValidationIssue] = []
        let trimmed = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || rationale.count > 4_000 { issues.append(ValidationIssue(field: "rationale", reason: "is required: 1 to 4000 characters")) }
        if changes.members.isEmpty { issues.append(ValidationIssue(field: "changes", reason: "must change at least one parameter")) }
        guard issues.isEmpty else { return .failure(.invalid(issues)) }
        let base = registry.current.parameters
        let proposed: RiskParameters
        switch ParameterOverrides.apply(changes, to: base, path: "changes") {
        case .success(let value): proposed = value
        case .failure(let error): return .failure(.parameters(error))
        }
        guard proposed.hash != base.hash else {
            return .failure(.invalid([ValidationIssue(field: "changes", reason: "changes nothing: the parameters in force already have these values")]))
        }
        do {
            _ = try stressPaths(for: [base, proposed], seeded: 0, seed: 0)
        } catch {
            // Only a listed underlying the stress model's correlations cannot take gets here.
            return .failure(.invalid([ValidationIssue(field: "changes.underlyings",
                                                      reason: "cannot be backtested: governance.stressModel.correlations are not positive definite over these underlyings")]))
        }
        let now = clock()
        do {
            let proposal = try store.write { transaction -> Proposal in
                let repository = transaction.governance
                let count = try repository.proposalCount()
                let proposal = Proposal(id: "prop-\(count + 1)", createdAt: now, proposer: proposer.id, rationale: rationale,
                                        changes: .object(changes), baseHash: base.hash, proposed: proposed, status: .backtesting)
                try repository.save(proposal, now: now)
                try repository.audit(time: now, actor: proposer.id, action: "proposal.submitted", proposal: proposal.id, detail: JSONObject(pairs: [
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
        guard let proposal = try? store.read({ try $0.governance.proposal(id) }) else { return }
        let backtest = makeBacktest(proposal)
        let (report, increase) = backtest.run { [self] fraction in progress.withLock { $0[id] = fraction } }
        let now = clock()
        _ = try? store.write { transaction in
            let repository = transaction.governance
            guard var stored = try repository.proposal(id), stored.status == .backtesting else { return }
            stored.backtest = report
            stored.reportedAt = now
            let elevated = increase > configuration.shortfallTolerance
            stored.requiredQuorum = elevated ? configuration.elevatedQuorum : configuration.quorum
            stored.status = .awaitingApproval
            try repository.save(stored, now: now)
            try repository.audit(time: now, actor: "system", action: "backtest.completed", proposal: id, detail: JSONObject(pairs: [
                "shortfallIncrease": .number(increase), "shortfallTolerance": .number(configuration.shortfallTolerance),
                "requiredQuorum": .number(Double(stored.requiredQuorum!)), "accounts": report["accounts"],
            ]))
        }
        progress.withLock { $0[id] = nil }
    }

    private func makeBacktest(_ proposal: Proposal) -> ParameterBacktest {
        let current = registry.current.parameters
        let paths = (try? stressPaths(for: [current, proposal.proposed], seeded: configuration.monteCarloPaths, seed: configuration.seed))
            ?? StressPath.builtIn
        return ParameterBacktest(current: current, proposed: proposal.proposed, book: book(limit: configuration.backtestAccounts),
                                 insuranceFund: insuranceFundBalance(), paths: paths)
    }

    /// The stored book as backtests replay it: up to `limit` accounts at the monitor's prices.
    func book(limit: Int) -> BacktestBook {
        BacktestBook.sample(of: monitor, limit: limit, asOf: Timestamp(secondsSinceEpoch: Int64(clock())), liquidation: liquidation,
                            depthPerStep: configuration.liquidationDepthPerStep)
    }

    func insuranceFundBalance() -> Double {
        max(0, (try? store.read { try $0.ledger.balance(of: LedgerJournal.insuranceFund) }) ?? 0)
    }

    /// The historical shapes, then `seeded` correlated paths over every underlying of the sets.
    /// - Throws: when the stress model's correlations are not a matrix over those underlyings.
    func stressPaths(for sets: [RiskParameters], seeded: Int, seed: UInt64) throws(RiskError) -> [StressPath] {
        let underlyings = sets.flatMap(\.underlyings.keys)
        return StressPath.builtIn + (try configuration.stressModel.paths(for: underlyings, seed: seed, count: seeded))
    }

    // MARK: Approvals

    func approve(_ id: String, keyID: String, signature: String, by principal: Principal) -> Result<Proposal, GovernanceError> {
        let now = clock()
        enum Outcome { case accepted(Proposal), refused(GovernanceError) }
        do {
            let outcome = try store.write { transaction -> Outcome in
                let repository = transaction.governance
                guard var proposal = try repository.proposal(id) else { return .refused(.notFound("no proposal '\(id)'")) }
                func refuse(_ error: GovernanceError, _ reason: String) throws -> Outcome {
                    try repository.audit(time: now, actor: principal.id, action: "approval.refused", proposal: id,
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
                    try repository.save(proposal, now: now)
                    try repository.audit(time: now, actor: "system", action: "proposal.expired", proposal: id, detail: JSONObject())
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
                try repository.audit(time: now, actor: principal.id, action: "approval.accepted", proposal: id, detail: JSONObject(pairs: [
                    "keyId": .string(keyID), "signature": .string(signature),
                    "approvals": .number(Double(proposal.approvals.count)), "requiredQuorum": .number(Double(proposal.requiredQuorum ?? configuration.quorum)),
                ]))
                if proposal.approvals.count >= proposal.requiredQuorum ?? configuration.quorum {
                    proposal.status = .approved
                    proposal.approvedAt = now
                    proposal.activatesAt = now + configuration.timelockSeconds
                    try repository.audit(time: now, actor: "system", action: "proposal.approved", proposal: id, detail: JSONObject(pairs: [
                        "activatesAt": .number(proposal.activatesAt!), "timelockSeconds": .number(configuration.timelockSeconds),
                    ]))
                }
                try repository.save(proposal, now: now)
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
        let remaining = try? store.write { transaction -> [Proposal] in
            let repository = transaction.governance
            let proposals = try repository.proposals().filter { $0.status == .approved }.sorted { ($0.activatesAt ?? 0) < ($1.activatesAt ?? 0) }
            var current = registry.current.parameters.hash
            for var proposal in proposals where (proposal.activatesAt ?? .infinity) <= now {
                if proposal.baseHash != current {
                    proposal.status = .superseded
                    proposal.note = "the parameters changed to \(current) after it was proposed against \(proposal.baseHash)"
                    try repository.save(proposal, now: now)
                    try repository.audit(time: now, actor: "system", action: "proposal.superseded", proposal: proposal.id,
                                   detail: JSONObject(pairs: ["activeParametersHash": .string(current)]))
                    continue
                }
                proposal.status = .active
                proposal.activatedAt = now
                try repository.save(proposal, now: now)
                try repository.recordActivation(proposal.proposed, at: now, proposalID: proposal.id)
                try repository.audit(time: now, actor: "system", action: "parameters.activated", proposal: proposal.id, detail: JSONObject(pairs: [
                    "version": .string(proposal.proposed.version), "hash": .string(proposal.proposed.hash),
                    "previousHash": .string(current),
                ]))
                current = proposal.proposed.hash
                activated = proposal
            }
            return try repository.proposals().filter { $0.status == .approved }
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

    func proposal(_ id: String) -> Proposal? { try? store.read { try $0.governance.proposal(id) } }

    func proposals() -> [Proposal] { (try? store.read { try $0.governance.proposals() }) ?? [] }

    /// A stored parameter version: its set, hash and when governance activated it.
    func version(_ version: String) -> ParameterVersion? { try? store.read { try $0.governance.version(version) } }

    func versions() -> [ParameterVersion] { (try? store.read { try $0.governance.versions() }) ?? [] }

    /// Audit entries after an id, and whether the whole chain verifies.
    func audit(after: Int64, limit: Int) -> (entries: [AuditEntry], chainValid: Bool) {
        guard let all = try? store.read({ try $0.governance.auditEntries() }) else { return ([], false) }
        return (Array(all.filter { $0.id > after }.prefix(limit)), AuditEntry.chainIsValid(all))
    }
}
