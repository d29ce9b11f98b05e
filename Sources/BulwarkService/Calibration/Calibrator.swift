import BulwarkJSON
import Foundation
import RiskCore
import Synchronization

/// Calibrations (docs/CALIBRATION.md): a search for the lowest margin that meets a solvency
/// target on the stress paths, run in the background one at a time, stored, and turned into
/// a governance proposal on request.
public final class Calibrator: Sendable {
    let governance: Governance
    private let progress = Mutex<[String: Double]>([:])
    private let cancelled = Mutex<Set<String>>([])
    /// More unfinished calibrations than this are refused (each can take minutes).
    static let maximumUnfinished = 8
    private let queue = DispatchQueue(label: "bulwark-calibration")
    private let running = DispatchGroup()

    init(governance: Governance) {
        self.governance = governance
    }

    private var store: any Store { governance.store }
    private var configuration: GovernanceConfiguration { governance.configuration }

    /// Queues again what a stop left queued or running (the search is deterministic: it gives
    /// the same answer for the same book and parameters).
    public func bootstrap() throws {
        for record in try store.read({ try $0.governance.calibrations() }) where !record.status.isFinished {
            start(record.id)
        }
    }

    /// Waits for every queued calibration (tests and shutdown).
    public func waitForCalibrations() { running.wait() }

    func submit(_ body: JSONObject, by principal: Principal) -> Result<CalibrationRecord, GovernanceError> {
        var reader = FieldReader()
        guard let request = CalibrationRequest.read(body, fund: governance.insuranceFundBalance(), seededPaths: configuration.monteCarloPaths,
                                                    seed: configuration.seed, parameters: governance.registry.current.parameters, &reader) else {
            return .failure(.invalid(reader.issues))
        }
        guard (governance.monitor?.accountCount ?? 0) > 0 else {
            return .failure(.conflict("no stored accounts: a calibration replays the stored book (PUT /v1/accounts/{id} first)"))
        }
        let now = governance.clock()
        do {
            let record = try store.write { transaction -> CalibrationRecord? in
                let repository = transaction.governance
                guard try repository.calibrations().filter({ !$0.status.isFinished }).count < Self.maximumUnfinished else { return nil }
                let record = CalibrationRecord(id: "cal-\(try repository.calibrationCount() + 1)", createdAt: now, requester: principal.id,
                                               request: request.json)
                try repository.save(record, now: now)
                try repository.audit(time: now, actor: principal.id, action: "calibration.submitted", proposal: nil,
                                     detail: JSONObject([("calibration", .string(record.id)), ("request", request.json)]))
                return record
            }
            guard let record else {
                return .failure(.conflict("\(Self.maximumUnfinished) calibrations are queued or running: wait for one to finish, or cancel one"))
            }
            start(record.id)
            return .success(record)
        } catch {
            return .failure(.storage(error))
        }
    }

    func progress(of id: String) -> Double? { progress.withLock { $0[id] } }

    func record(_ id: String) -> CalibrationRecord? { try? store.read { try $0.governance.calibration(id) } }

    func records() -> [CalibrationRecord] { (try? store.read { try $0.governance.calibrations() }) ?? [] }

    /// Submits the calibrated parameters as a proposal (backtest, council, timelock as for any).
    func propose(_ id: String, rationale: String?, by principal: Principal) -> Result<Proposal, GovernanceError> {
        guard let record = record(id) else { return .failure(.notFound("no calibration '\(id)'")) }
        guard record.status == .completed, case .object(let changes)? = record.result?["changes"] else {
            return .failure(.conflict("\(id) is \(record.status.rawValue): a proposal can be made once it has completed"))
        }
        if let existing = record.proposalID { return .failure(.conflict("\(id) was already proposed as \(existing)")) }
        let current = governance.registry.current.parameters.hash
        guard record.baseHash == current else {
            return .failure(.conflict("the parameters changed to \(current) since \(id) calibrated from \(record.baseHash ?? "-"): run it again"))
        }
        guard !changes.members.isEmpty else { return .failure(.conflict("\(id) changes nothing: every scale ended at 1")) }
        let met = record.result?["met"] == .bool(true)
        let text = rationale ?? "Calibration \(id): the lowest scales found that \(met ? "meet" : "come closest to (but miss)") its target."
        let statement = text.contains(id) ? text : "\(text) (calibration \(id))"
        let result = governance.submit(changes: changes, rationale: statement, proposer: principal)
        if case .success(let proposal) = result {
            _ = try? store.write { transaction in
                guard var stored = try transaction.governance.calibration(id) else { return }
                stored.proposalID = proposal.id
                try transaction.governance.save(stored, now: governance.clock())
            }
        }
        return result
    }

    /// Stops a queued or running calibration at its next path; its record says `cancelled`.
    func cancel(_ id: String, by principal: Principal) -> Result<CalibrationRecord, GovernanceError> {
        guard var record = record(id) else { return .failure(.notFound("no calibration '\(id)'")) }
        guard !record.status.isFinished else { return .failure(.conflict("\(id) is \(record.status.rawValue): only a queued or running calibration can be cancelled")) }
        cancelled.withLock { _ = $0.insert(id) }
        let now = governance.clock()
        record.status = .cancelled
        record.completedAt = now
        let stored = record
        do {
            try store.write { transaction in
                try transaction.governance.save(stored, now: now)
                try transaction.governance.audit(time: now, actor: principal.id, action: "calibration.cancelled", proposal: nil,
                                                 detail: JSONObject([("calibration", .string(id))]))
            }
        } catch {
            return .failure(.storage(error))
        }
        return .success(record)
    }

    private func isCancelled(_ id: String) -> Bool { cancelled.withLock { $0.contains(id) } }

    private func start(_ id: String) {
        progress.withLock { $0[id] = 0 }
        running.enter()
        queue.async { [self] in
            defer { running.leave() }
            run(id)
            progress.withLock { $0[id] = nil }
        }
    }

    // Long on purpose: one calibration read top to bottom: the request, the book and paths,
    // the search, the report.
    private func run(_ id: String) {
        guard var record = record(id), !record.status.isFinished else { return }
        var reader = FieldReader()
        let base = governance.registry.current.parameters
        guard case .object(let body) = record.request,
              let request = CalibrationRequest.read(body, fund: 0, seededPaths: 0, seed: 0, parameters: base, &reader),
              let paths = try? governance.stressPaths(for: [base], seeded: request.seededPaths, seed: request.seed) else {
            finish(&record, status: .failed, result: .object(["error": .string("the request no longer applies to the parameters in force: "
                                                                + reader.issues.map { "\($0.field) \($0.reason)" }.joined(separator: "; "))]))
            return
        }
        record.status = .running
        record.baseHash = base.hash
        record.startedAt = governance.clock()
        let started = record
        _ = try? store.write { transaction in
            // A cancellation between the read above and here wins.
            guard try transaction.governance.calibration(id)?.status.isFinished == false else { return }
            try transaction.governance.save(started, now: governance.clock())
        }
        guard !isCancelled(id) else { return }

        let book = governance.book(limit: configuration.backtestAccounts)
        let search = request.search
        // At most: every trial, then the report's replay of the set in force (the calibrated set is a trial).
        let totalWork = Double((search.maximumTrials + 1) * paths.count + 1)
        let done = Mutex(0.0)
        let tick: @Sendable () -> Void = { [self] in
            let fraction = done.withLock { count in
                count += 1
                return min(1, count / totalWork)
            }
            progress.withLock { $0[id] = fraction }
        }
        let historical = StressPath.builtIn.count
        let stop: @Sendable () -> Bool = { [self] in isCancelled(id) }
        var replayed: [String: [PathOutcome]] = [:]
        guard let outcome = try? search.run(evaluate: { factors in
            let parameters = CalibrationScale.apply(search.scales, factors: factors, to: base)
            let outcomes = book.outcomes(of: paths, under: parameters, done: tick, stop: stop)
            if stop() { throw CancellationError() }
            replayed[parameters.hash] = outcomes
            let check = request.target.check(paths.indices.map { (paths[$0], $0 >= historical, outcomes[$0]) })
            return CalibrationTrial(factors: factors, met: check.met, failingPaths: check.failing,
                                    shortfallBeyondFund: outcomes.reduce(0) { $0 + $1.shortfallBeyond(fund: request.target.insuranceFund) },
                                    capitalEfficiency: book.figures(under: parameters).capitalEfficiency)
        }) else { return }
        let calibrated = CalibrationScale.apply(search.scales, factors: outcome.factors, to: base)
        // The calibrated set (and the set in force, if a trial was it) were replayed by the search.
        let report = ParameterBacktest(current: base, proposed: calibrated, label: "calibrated", book: book,
                                       insuranceFund: request.target.insuranceFund, paths: paths, known: replayed).run { _ in tick() }
        finish(&record, status: .completed, result: Self.resultJSON(outcome, search: search, calibrated: calibrated, base: base, report: report.report))
    }

    private func finish(_ record: inout CalibrationRecord, status: CalibrationStatus, result: JSONValue) {
        let now = governance.clock()
        record.status = status
        record.completedAt = now
        record.result = result
        let stored = record
        _ = try? store.write { transaction in
            guard try transaction.governance.calibration(stored.id)?.status.isFinished == false else { return }
            try transaction.governance.save(stored, now: now)
            try transaction.governance.audit(time: now, actor: "system", action: "calibration.\(status.rawValue)", proposal: nil, detail: JSONObject([
                ("calibration", .string(stored.id)), ("met", result["met"] ?? .null), ("backtests", result["backtests"] ?? .null),
                ("parametersHash", result["parametersHash"] ?? .null),
            ]))
        }
    }

    static func resultJSON(_ outcome: CalibrationOutcome, search: CalibrationSearch, calibrated: RiskParameters, base: RiskParameters,
                           report: JSONValue) -> JSONValue {
        func trialJSON(_ trial: CalibrationTrial) -> JSONValue {
            .object([
                "factors": .array(trial.factors.map(JSONValue.number)),
                "met": .bool(trial.met),
                "failingPaths": .number(Double(trial.failingPaths.count)),
                "shortfallBeyondInsuranceFund": .number(trial.shortfallBeyondFund),
                "capitalEfficiency": .number(trial.capitalEfficiency),
            ])
        }
        return .object([
            "met": .bool(outcome.met),
            "factors": .array(zip(search.scales, outcome.factors).map { scale, factor in
                .object([
                    "scale": .string(scale.name), "parameter": .string(scale.parameter.rawValue),
                    "underlying": scale.underlying.map(JSONValue.string), "factor": .number(factor),
                ])
            }),
            "parametersHash": .string(calibrated.hash),
            "parametersVersion": .string(calibrated.version),
            "changes": .object(ParameterDifference.changes(from: base, to: calibrated)),
            "bindingPaths": .array(outcome.bindingPaths.map(JSONValue.string)),
            "capitalEfficiency": .object(["current": report["total"]?["current"]?["capitalEfficiency"] ?? .null,
                                          "calibrated": report["total"]?["calibrated"]?["capitalEfficiency"] ?? .null]),
            "backtests": .number(Double(outcome.trials.count)),
            "trials": .array(outcome.trials.map(trialJSON)),
            "parameters": ParameterRoutes.parametersJSON(calibrated),
            "backtest": report,
        ])
    }
}
