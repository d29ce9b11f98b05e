import BulwarkJSON
import RiskCore
import Synchronization

/// The backtest of a parameter change (docs/GOVERNANCE.md, "Backtest"): (a) the stored book
/// re-margined under the current and the changed parameters; (b) the built-in stress paths
/// and the seeded correlated set replayed through margin and the liquidation planner, under
/// both. Runs off the request path; reports progress as it goes.
struct ParameterBacktest: Sendable {
    var current: RiskParameters
    var proposed: RiskParameters
    /// What the report calls the changed set: `proposed`, or `calibrated`.
    var label = "proposed"
    var book: BacktestBook
    var insuranceFund: Double
    var paths: [StressPath]
    /// Outcomes already replayed over these paths, by parameter set hash: a calibration's
    /// report reuses its trials' instead of replaying a set again.
    var known: [String: [PathOutcome]] = [:]

    func run(progress: @escaping @Sendable (Double) -> Void) -> (report: JSONValue, shortfallIncrease: Double) {
        let totalWork = Double(1 + paths.count * 2)
        let done = Mutex(0.0)
        let step: @Sendable () -> Void = {
            let fraction = done.withLock { count in
                count += 1
                return count / totalWork
            }
            progress(fraction)
        }
        let figures = [book.figures(under: current), book.figures(under: proposed)]
        step()
        let outcomes = [current, proposed].map { known[$0.hash] ?? book.outcomes(of: paths, under: $0, done: step) }
        let names = ["current", label]

        let pathReports: [JSONValue] = paths.indices.map { index in
            let path = paths[index]
            var report = JSONObject([
                ("name", .string(path.name)),
                ("description", .string(path.description)),
                ("steps", .number(Double(path.steps.count))),
            ])
            if let last = path.steps.last {
                if last.underlyings.isEmpty {
                    report["finalSpotFactor"] = .number(last.spotFactor)
                } else {
                    report["finalSpotFactors"] = .object(sortingKeysOf: last.underlyings) { .number($0.spotFactor) }
                }
            }
            for (set, name) in names.enumerated() { report[name] = Self.outcomeJSON(outcomes[set][index], fund: insuranceFund) }
            return .object(report)
        }
        func total(_ set: Int) -> JSONValue {
            let list = outcomes[set]
            return .object([
                "liquidated": .number(Double(list.reduce(0) { $0 + $1.liquidated })),
                "insolvent": .number(Double(list.reduce(0) { $0 + $1.insolvent })),
                "shortfall": .number(list.reduce(0) { $0 + $1.shortfall }),
                "shortfallBeyondInsuranceFund": .number(list.reduce(0) { $0 + $1.shortfallBeyond(fund: insuranceFund) }),
                "capitalEfficiency": .number(figures[set].capitalEfficiency),
            ])
        }
        let increase = outcomes[1].reduce(0) { $0 + $1.shortfall } - outcomes[0].reduce(0) { $0 + $1.shortfall }
        return (.object([
            "accounts": .number(Double(book.accounts.count)),
            "bookSize": .number(Double(book.bookSize)),
            "asOf": .string(book.asOf.iso8601),
            "prices": .object(sortingKeysOf: book.market.assets) { .number($0.spot) },
            "insuranceFund": .number(insuranceFund),
            "book": .object([names[0]: figures[0].json, names[1]: figures[1].json]),
            "paths": .array(pathReports),
            "total": .object([names[0]: total(0), names[1]: total(1)]),
            "shortfallIncrease": .number(increase),
        ]), increase)
    }

    static func outcomeJSON(_ outcome: PathOutcome, fund: Double) -> JSONValue {
        .object([
            "liquidated": .number(Double(outcome.liquidated)),
            "insolvent": .number(Double(outcome.insolvent)),
            "shortfall": .number(outcome.shortfall),
            "penaltiesToFund": .number(outcome.penaltiesToFund),
            "shortfallBeyondInsuranceFund": .number(outcome.shortfallBeyond(fund: fund)),
            "depthLimited": .number(Double(outcome.depthLimited)),
            "unpriced": .number(Double(outcome.unpriced)),
        ])
    }
}
