import BulwarkJSON
import RiskCore

/// The backtest of a proposal (docs/GOVERNANCE.md, "Backtest"): (a) the stored book
/// re-margined under the current and the proposed parameters; (b) the built-in stress paths
/// and a seeded jump-diffusion set replayed through margin and the liquidation planner, under
/// both. Runs off the request path; reports progress as it goes.
struct ParameterBacktest: Sendable {
    struct Account: Sendable {
        var portfolio: Portfolio
        var mode: MarginMode
        var profile: String
    }

    var current: RiskParameters
    var proposed: RiskParameters
    var accounts: [Account]
    /// How many stored accounts the sample was drawn from.
    var bookSize: Int
    var market: MarketData
    var asOf: Timestamp
    var liquidation: LiquidationParameters
    var insuranceFund: Double
    var paths: [StressPath]

    /// Totals of one parameter set over the book.
    private struct BookFigures {
        var maintenanceMargin = 0.0
        var initialMargin = 0.0
        var grossNotional = 0.0
        var statuses: [String: Int] = [:]
        var unpriced = 0
    }

    // Long on purpose: one pass of the backtest (docs/GOVERNANCE.md, "Backtest") read top to
    // bottom: the book at today's prices, then every stress path for both parameter sets.
    func run(progress: (Double) -> Void) -> (report: JSONValue, shortfallIncrease: Double) {
        let sets = [("current", MethodologyProfiles(parameters: current), current), ("proposed", MethodologyProfiles(parameters: proposed), proposed)]
        let totalWork = Double(1 + paths.count * 2)
        var done = 0.0
        var book: [String: BookFigures] = [:]
        for (name, profiles, _) in sets {
            var figures = BookFigures()
            for account in accounts {
                guard let result = try? profiles.margin(account.portfolio, market: market, asOf: asOf, mode: account.mode,
                                                        profile: account.profile) else {
                    figures.unpriced += 1
                    continue
                }
                figures.maintenanceMargin += result.maintenanceMargin
                figures.initialMargin += result.initialMargin
                figures.grossNotional += result.positions.reduce(0) { $0 + abs($1.size) * $1.spot }
                figures.statuses[result.status.rawValue, default: 0] += 1
            }
            book[name] = figures
        }
        done += 1
        progress(done / totalWork)

        var pathReports: [JSONValue] = []
        var totals: [String: PathOutcome] = ["current": PathOutcome(), "proposed": PathOutcome()]
        var uncovered: [String: Double] = ["current": 0, "proposed": 0]
        for path in paths {
            var outcomes: [(String, PathOutcome)] = []
            for (name, profiles, parameters) in sets {
                let replay = StressReplay(planner: LiquidationPlanner(parameters: liquidation, liquidity: parameters.underlyings.mapValues(\.liquidity)),
                                          movers: Set(parameters.underlyings.keys))
                let outcome = replay.run(path, accounts: accounts.map(\.portfolio), market: market) { index, portfolio, market in
                    try profiles.margin(portfolio, market: market, asOf: asOf, mode: accounts[index].mode, profile: accounts[index].profile)
                }
                outcomes.append((name, outcome))
                totals[name]!.liquidated += outcome.liquidated
                totals[name]!.insolvent += outcome.insolvent
                totals[name]!.shortfall += outcome.shortfall
                totals[name]!.penaltiesToFund += outcome.penaltiesToFund
                uncovered[name]! += max(0, outcome.shortfall - insuranceFund - outcome.penaltiesToFund)
                done += 1
                progress(done / totalWork)
            }
            pathReports.append(.object([
                "name": .string(path.name),
                "description": .string(path.description),
                "steps": .number(Double(path.steps.count)),
                "finalSpotFactor": .number(path.steps.last?.spotFactor ?? 1),
                "current": Self.outcomeJSON(outcomes[0].1, fund: insuranceFund),
                "proposed": Self.outcomeJSON(outcomes[1].1, fund: insuranceFund),
            ]))
        }
        func bookJSON(_ figures: BookFigures) -> JSONValue {
            .object([
                "maintenanceMargin": .number(figures.maintenanceMargin),
                "initialMargin": .number(figures.initialMargin),
                "grossNotional": .number(figures.grossNotional),
                "capitalEfficiency": .number(figures.grossNotional > 0 ? figures.maintenanceMargin / figures.grossNotional : nil),
                "statuses": .object(sortingKeysOf: figures.statuses) { .number(Double($0)) },
                "unpriced": .number(Double(figures.unpriced)),
            ])
        }
        func totalJSON(_ name: String) -> JSONValue {
            let outcome = totals[name]!
            let figures = book[name]!
            return .object([
                "liquidated": .number(Double(outcome.liquidated)),
                "insolvent": .number(Double(outcome.insolvent)),
                "shortfall": .number(outcome.shortfall),
                "shortfallBeyondInsuranceFund": .number(uncovered[name]!),
                "capitalEfficiency": .number(figures.grossNotional > 0 ? figures.maintenanceMargin / figures.grossNotional : nil),
            ])
        }
        let increase = totals["proposed"]!.shortfall - totals["current"]!.shortfall
        return (.object([
            "accounts": .number(Double(accounts.count)),
            "bookSize": .number(Double(bookSize)),
            "asOf": .string(asOf.iso8601),
            "prices": .object(sortingKeysOf: market.assets) { .number($0.spot) },
            "insuranceFund": .number(insuranceFund),
            "book": .object(["current": bookJSON(book["current"]!), "proposed": bookJSON(book["proposed"]!)]),
            "paths": .array(pathReports),
            "total": .object(["current": totalJSON("current"), "proposed": totalJSON("proposed")]),
            "shortfallIncrease": .number(increase),
        ]), increase)
    }

    static func outcomeJSON(_ outcome: PathOutcome, fund: Double) -> JSONValue {
        .object([
            "liquidated": .number(Double(outcome.liquidated)),
            "insolvent": .number(Double(outcome.insolvent)),
            "shortfall": .number(outcome.shortfall),
            "penaltiesToFund": .number(outcome.penaltiesToFund),
            "shortfallBeyondInsuranceFund": .number(max(0, outcome.shortfall - fund - outcome.penaltiesToFund)),
            "unpriced": .number(Double(outcome.unpriced)),
        ])
    }
}
