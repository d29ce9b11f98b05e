import Foundation
import RiskCore
import Synchronization

/// The stored accounts a backtest or a calibration replays (an even sample by id, at the
/// monitor's prices), and the two things done with them: the book's margin under a parameter
/// set, and the stress paths replayed under it on every core (below requests' priority), results in path order so
/// that the same inputs give the same figures to the bit.
struct BacktestBook: Sendable {
    struct Account: Sendable {
        var portfolio: Portfolio
        var mode: MarginMode
        var profile: String
    }

    var accounts: [Account]
    /// How many stored accounts the sample was drawn from.
    var bookSize: Int
    var market: MarketData
    var asOf: Timestamp
    var liquidation: LiquidationParameters
    /// The replay's `depthPerStep`: the share of each underlying's market depth keepers close per step.
    var depthPerStep: Double?

    /// Up to `limit` of the monitor's accounts, every k-th by id.
    static func sample(of monitor: HealthMonitor?, limit: Int, asOf: Timestamp, liquidation: LiquidationParameters,
                       depthPerStep: Double?) -> BacktestBook {
        var book = BacktestBook(accounts: [], bookSize: 0, market: MarketData(), asOf: asOf, liquidation: liquidation,
                                depthPerStep: depthPerStep)
        guard let monitor else { return book }
        let all = monitor.allAccounts.sorted { $0.id < $1.id }
        book.bookSize = all.count
        let stride = max(1, Int((Double(all.count) / Double(limit)).rounded(.up)))
        book.market = monitor.currentMarket
        for (index, account) in all.enumerated() where index % stride == 0 {
            let (portfolio, _) = monitor.prepared(account, market: book.market)
            book.accounts.append(Account(portfolio: portfolio, mode: account.document.mode, profile: account.document.methodology))
        }
        return book
    }

    func figures(under parameters: RiskParameters) -> BookFigures {
        let profiles = MethodologyProfiles(parameters: parameters)
        var figures = BookFigures()
        for account in accounts {
            guard let result = try? profiles.margin(account.portfolio, market: market, asOf: asOf, mode: account.mode,
                                                    profile: account.profile) else {
                figures.unpriced += 1
                continue
            }
            // In USD: a coin account's requirements are in its coin.
            figures.maintenanceMargin += result.maintenanceMargin * result.currency.price
            figures.initialMargin += result.initialMargin * result.currency.price
            figures.grossNotional += result.positions.reduce(0) { $0 + abs($1.size) * $1.spot }
            figures.statuses[result.status.rawValue, default: 0] += 1
        }
        return figures
    }

    /// Every path replayed under `parameters`, in the order given; `done` is called as each
    /// finishes. Once `stop` says so, the paths not started are skipped (their outcomes empty).
    func outcomes(of paths: [StressPath], under parameters: RiskParameters, done: @escaping @Sendable () -> Void = {},
                  stop: @escaping @Sendable () -> Bool = { false }) -> [PathOutcome] {
        let profiles = MethodologyProfiles(parameters: parameters)
        let replay = StressReplay(planner: LiquidationPlanner(parameters: liquidation, liquidity: parameters.underlyings.mapValues(\.liquidity)),
                                  movers: Set(parameters.underlyings.keys), depthPerStep: depthPerStep)
        let portfolios = accounts.map(\.portfolio)
        let results = Mutex([PathOutcome](repeating: PathOutcome(), count: paths.count))
        BackgroundWorkers.forEach(paths.count) { index in
            guard !stop() else { return }
            let outcome = replay.run(paths[index], accounts: portfolios, market: market) { account, portfolio, market in
                try profiles.margin(portfolio, market: market, asOf: asOf, mode: accounts[account].mode, profile: accounts[account].profile)
            }
            results.withLock { $0[index] = outcome }
            done()
        }
        return results.withLock { $0 }
    }
}
