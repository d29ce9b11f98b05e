import Testing
@testable import RiskCore

@Suite struct PortfolioMarginTests {
    @Test func shortCallMatchesTheReferenceFigures() throws {
        // scripts/standard_reference.py, portfolio_short_call: the worst case is +30% with vol up, weighted 0.33.
        let result = try TestPortfolios.margin([TestPortfolios.call(65_000, size: -1)], mode: .portfolio)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        let btc = breakdown.underlyings[0]
        #expect(close(result.positions[0].markPrice, 2237.868155404665042358, relative: 1e-12))
        #expect(btc.scenarios.count == 29)
        let worst = btc.scenarios[btc.worstScenario]
        #expect(worst.scenario.isExtreme && worst.scenario.spotShock == 0.3 && worst.scenario.volShock == 0.2)
        #expect(close(btc.scanLoss, 4052.114203561206595443, relative: 1e-11))
        #expect(close(btc.shortOptionMinimum, 600))
        #expect(close(breakdown.liquidityBuffer, 186.2353829072479582567, relative: 1e-12))
        #expect(close(result.maintenanceMargin, 4238.349586468454553700, relative: 1e-11))
        #expect(close(result.initialMargin, 5297.936983085568192125, relative: 1e-11))
    }

    @Test func perpetualLosesItsShockTimesNotional() throws {
        let result = try TestPortfolios.margin([TestPortfolios.perp(size: 2)], mode: .portfolio)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        // -10% regular beats -30% x 0.33 = -9.9%.
        #expect(close(breakdown.underlyings[0].scanLoss, 12_000))
        let liquidity = 120_000 * 0.0005 * (1 + (120_000 / 50_000_000.0).squareRoot())
        #expect(close(result.maintenanceMargin, 12_000 + liquidity))
    }

    @Test func coveredCallAndCallSpreadNeedLessThanIsolated() throws {
        let coveredCall = [TestPortfolios.call(65_000, size: -1), TestPortfolios.perp(size: 1)]
        let callSpread = [TestPortfolios.call(65_000, size: -1), TestPortfolios.call(60_000, size: 1)]
        for book in [coveredCall, callSpread] {
            let portfolio = try TestPortfolios.margin(book, mode: .portfolio)
            let isolated = try TestPortfolios.margin(book, mode: .isolated)
            #expect(portfolio.maintenanceMargin < isolated.maintenanceMargin)
            #expect(portfolio.initialMargin < isolated.initialMargin)
        }
    }

    @Test func collateralOfTheUnderlyingOffsetsShortCalls() throws {
        let shortCalls = [TestPortfolios.call(65_000, size: -1)]
        let naked = try TestPortfolios.margin(shortCalls, mode: .portfolio)
        let deltaMatched = -naked.greeks["BTC"]!.delta / 0.9
        let btc = [CollateralHolding(asset: "BTC", amount: deltaMatched)]
        let covered = try TestPortfolios.margin(shortCalls, mode: .portfolio, collateral: btc)
        #expect(covered.maintenanceMargin < naked.maintenanceMargin)
        // The collateral moves in the scenarios, so it takes no correlation add-on, and it gains as the calls lose.
        #expect(covered.collateral[0].movesWith == "BTC")
        #expect(covered.collateral[0].components?.correlation == 0)
        guard case .portfolio(let coveredGrid) = covered.breakdown, case .portfolio(let nakedGrid) = naked.breakdown else {
            Issue.record("wrong breakdown"); return
        }
        let upTen = coveredGrid.underlyings[0].scenarios.firstIndex { $0.scenario.spotShock == 0.1 && $0.scenario.volShock == 0 }!
        let collateralGain = covered.collateral[0].value * 0.1
        #expect(close(coveredGrid.underlyings[0].scenarios[upTen].pnl, nakedGrid.underlyings[0].scenarios[upTen].pnl + collateralGain))
        // Declared not risk-cancelling, it stays out of the scenarios.
        var declared = btc
        declared[0].riskCancelling = false
        let outside = try TestPortfolios.margin(shortCalls, mode: .portfolio, collateral: declared)
        #expect(outside.collateral[0].movesWith == nil)
        #expect(close(outside.maintenanceMargin, naked.maintenanceMargin))
    }

    @Test func marginRisesWithVolShocksAndWithSize() throws {
        let book = [TestPortfolios.call(65_000, size: -1), TestPortfolios.put(55_000, size: -1)]
        let base = try TestPortfolios.margin(book, mode: .portfolio)
        var wider = RiskParameters.standardDefaults
        wider.underlyings["BTC"]!.portfolio.volShocks = [-0.4, 0, 0.4]
        wider.underlyings["BTC"]!.portfolio.extremeVolShock = 0.4
        let shocked = try TestPortfolios.margin(book, mode: .portfolio, parameters: wider)
        #expect(shocked.maintenanceMargin > base.maintenanceMargin)
        let doubled = try TestPortfolios.margin(book.map { var p = $0; p.size *= 2; return p }, mode: .portfolio)
        #expect(doubled.maintenanceMargin > base.maintenanceMargin * 1.99)
        for mode in [MarginMode.isolated, .cross] {
            let small = try TestPortfolios.margin(book, mode: mode)
            let large = try TestPortfolios.margin(book.map { var p = $0; p.size *= 3; return p }, mode: mode)
            #expect(large.maintenanceMargin > small.maintenanceMargin)
        }
        var crossWider = RiskParameters.standardDefaults
        crossWider.underlyings["BTC"]!.cross.volShockUp = 0.5
        let crossBase = try TestPortfolios.margin(book, mode: .cross)
        let crossShocked = try TestPortfolios.margin(book, mode: .cross, parameters: crossWider)
        #expect(crossShocked.maintenanceMargin > crossBase.maintenanceMargin)
    }

    @Test func nakedShortMinimumAppliesWhenScenariosAreMild() throws {
        // A far out-of-the-money short put barely moves in any scenario; the minimum binds.
        let result = try TestPortfolios.margin([TestPortfolios.put(20_000, size: -5)], mode: .portfolio)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.underlyings[0].nakedShortSize == 5)
        #expect(close(breakdown.underlyings[0].requirement, 5 * 60_000 * 0.01))
    }

    @Test func gridOverrideReplacesTheParameters() throws {
        let grid = ScenarioGrid(spotShocks: [-0.2, 0.2], volShocks: [0])
        let portfolio = Portfolio(cash: 0, positions: [TestPortfolios.perp(size: 1)])
        let result = try StandardMethodology().margin(portfolio, market: TestPortfolios.market(), asOf: TestPortfolios.asOf,
                                                      mode: .portfolio, grid: grid)
        guard case .portfolio(let breakdown) = result.breakdown else { Issue.record("wrong breakdown"); return }
        #expect(breakdown.underlyings[0].scenarios.count == 2)
        #expect(close(breakdown.underlyings[0].scanLoss, 12_000))
    }

    // MARK: Coin accounts (docs/INVERSE.md)

    /// One grid of three spot moves and no volatility move, for hand-checked coin figures.
    static let threeMoves = ScenarioGrid(spotShocks: [-0.16, 0, 0.16], volShocks: [0])

    func portfolioMargin(_ portfolio: Portfolio, market: MarketData, asOf: Timestamp = TestPortfolios.asOf) throws -> (MarginResult, ScenarioUnderlyingBreakdown) {
        let result = try StandardMethodology().margin(portfolio, market: market, asOf: asOf, mode: .portfolio, grid: Self.threeMoves)
        guard case .portfolio(let breakdown) = result.breakdown else { throw RiskError.invalid([]) }
        return (result, breakdown.underlyings[0])
    }

    /// Deribit's BTC pme/simulate book in coin: 0.314538364 BTC of the perpetual long and
    /// 0.001187534 BTC of a future short. A coin-sized position q moved by s makes q s / (1 + s)
    /// coin: at -16% the book loses 0.059685872 BTC (Deribit's worst case, to its 9 decimals);
    /// at +16% it makes only q x 0.16 / 1.16.
    @Test func aCoinAccountsScenarioLossIsInCoinAtTheMovedPrice() throws {
        let example = TestPortfolios.DeribitBTCExample.self
        let (result, btc) = try portfolioMargin(example.portfolio(), market: example.market, asOf: example.asOf)
        let net = example.netSize
        #expect(result.currency == AccountCurrency(code: "BTC", price: 65_666.19))
        #expect(btc.scenarios.map(\.scenario.spotShock) == [-0.16, 0, 0.16])
        #expect(abs(btc.scenarios[0].pnl - net * -0.16 / 0.84) < 1e-15)
        #expect(abs(btc.scenarios[1].pnl) < 1e-17)
        #expect(abs(btc.scenarios[2].pnl - net * 0.16 / 1.16) < 1e-15)
        #expect(String(format: "%.9f", btc.scanLoss) == "0.059685872" && btc.requirement == btc.scanLoss)
        #expect(result.equity == 0)
    }

    /// The same long, 1 BTC: inverse in a BTC account it loses 0.16 / 0.84 = 0.190476 BTC at
    /// -16%; linear in a USD account it loses 16% of its USD value, 0.16 BTC at today's price.
    /// A coin balance alone is riskless in coin, and a USD-neutral hedge of it is not.
    @Test func anInverseLongLosesMoreInCoinThanALinearOneInUSD() throws {
        let market = MarketData(["BTC": AssetMarket(spot: 60_000)])
        let inverse = Position(instrument: Instrument.perpetual("BTC").settled(in: .coin), size: 1)
        let (coin, coinBTC) = try portfolioMargin(Portfolio(cash: 2, positions: [inverse], currency: "BTC"), market: market)
        let (usd, usdBTC) = try portfolioMargin(Portfolio(cash: 120_000, positions: [TestPortfolios.perp(size: 1)]), market: market)
        #expect(abs(coinBTC.scanLoss - 0.16 / 0.84) < 1e-15 && abs(usdBTC.scanLoss - 0.16 * 60_000) < 1e-9)
        #expect(coinBTC.scanLoss > usdBTC.scanLoss / 60_000)
        #expect(coin.equity == 2 && usd.equity == 120_000 && coin.cash == 2)
        // 1 BTC of cash and a short inverse perpetual of 60,000 USD: flat in USD, so in coin it
        // gains when BTC falls and loses when it rises: 1 - 1/1.16 of a coin at +16%.
        let hedge = Position(instrument: Instrument.perpetual("BTC").settled(in: .coin), size: -60_000, sizeUnit: .usd)
        let (_, hedged) = try portfolioMargin(Portfolio(cash: 1, positions: [hedge], currency: "BTC"), market: market)
        #expect(abs(hedged.scenarios[2].pnl - (1 / 1.16 - 1)) < 1e-15 && abs(hedged.scenarios[0].pnl - (1 / 0.84 - 1)) < 1e-15)
    }

    /// Other underlyings' scenarios leave the account's coin where it is: their USD P&L is
    /// converted at today's price; every requirement is in the coin.
    @Test func aCoinAccountsOtherUnderlyingsAreConvertedAtTodaysPrice() throws {
        let market = TestPortfolios.market()
        let positions = [TestPortfolios.perp(size: 10, underlying: "ETH")]
        let (usd, usdETH) = try portfolioMargin(Portfolio(cash: 60_000, positions: positions), market: market)
        let (coin, coinETH) = try portfolioMargin(Portfolio(cash: 1, positions: positions, currency: "BTC"), market: market)
        for (inCoin, inUSD) in zip(coinETH.scenarios, usdETH.scenarios) { #expect(close(inCoin.pnl, inUSD.pnl / 60_000) || inUSD.pnl == 0) }
        #expect(close(coin.maintenanceMargin, usd.maintenanceMargin / 60_000) && close(coin.initialMargin, usd.initialMargin / 60_000))
        #expect(close(coin.equity, 1) && close(coin.marginRatio!, usd.marginRatio!))
        // No index price for the account's coin: the figures cannot be stated in it.
        #expect(throws: RiskError.missingMarketData(asset: "DOGE", missing: .accountCurrency(code: "DOGE"),
                                                    reason: "no index price for the account currency DOGE")) {
            try portfolioMargin(Portfolio(cash: 1, positions: positions, currency: "DOGE"), market: market)
        }
    }
}
