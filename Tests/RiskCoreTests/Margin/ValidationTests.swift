import Testing
@testable import RiskCore

@Suite struct ValidationTests {
    private func issues(_ positions: [Position], cash: Double = 0, collateral: [CollateralHolding] = [],
                        market: MarketData = TestPortfolios.market()) -> [ValidationIssue] {
        do {
            _ = try TestPortfolios.margin(positions, mode: .portfolio, cash: cash, collateral: collateral, market: market)
            return []
        } catch let error as RiskError {
            if case .invalid(let issues) = error { return issues }
            return []
        } catch {
            return []
        }
    }

    @Test func refusesNonFiniteAndNonPositiveNumbers() {
        let expiry = TestPortfolios.expiry
        let cases: [(Position, String, String)] = [
            (Position(instrument: .option("BTC", .call, strike: .nan, expiry: expiry), size: 1, markIv: 0.5),
             "positions[0].strike", "must be a finite number"),
            (Position(instrument: .option("BTC", .call, strike: -1, expiry: expiry), size: 1, markIv: 0.5),
             "positions[0].strike", "must be greater than 0"),
            (Position(instrument: .option("BTC", .call, strike: 0, expiry: expiry), size: 1, markIv: 0.5),
             "positions[0].strike", "must be greater than 0"),
            (TestPortfolios.call(60_000, size: .infinity), "positions[0].size", "must be a finite number"),
            (TestPortfolios.call(60_000, size: 1e10), "positions[0].size", "must be between -1e9 and 1e9"),
            (TestPortfolios.call(60_000, size: 1, iv: 0), "positions[0].markIv", "must be greater than 0"),
            (TestPortfolios.call(60_000, size: 1, iv: -0.5), "positions[0].markIv", "must be greater than 0"),
            (TestPortfolios.call(60_000, size: 1, iv: .nan), "positions[0].markIv", "must be a finite number"),
            (Position(instrument: .perpetual("BTC"), size: 1, entryPrice: -5), "positions[0].entryPrice", "must be greater than 0"),
        ]
        for (position, field, reason) in cases {
            let found = issues([position])
            #expect(found.contains(ValidationIssue(field: field, reason: reason)), "\(field): got \(found)")
        }
    }

    @Test func refusesUnknownUnderlyingsAndExpiredInstruments() {
        let unknown = issues([Position(instrument: .perpetual("DOGE"), size: 1)])
        #expect(unknown.first?.field == "positions[0].underlying")
        #expect(unknown.first?.reason.contains("unknown underlying 'DOGE'") == true)
        let longExpired = Position(instrument: .option("BTC", .call, strike: 60_000, expiry: Timestamp(iso8601: "2026-02-01T08:00:00Z")!),
                                   size: 1, markIv: 0.5)
        #expect(issues([longExpired]).first?.field == "positions[0].expiry")
    }

    @Test func acceptsAnOptionExpiredWithinTheSettlementGraceAtIntrinsic() throws {
        let justExpired = Position(instrument: .option("BTC", .call, strike: 50_000, expiry: TestPortfolios.asOf.adding(seconds: -60)),
                                   size: 1, markIv: 0.5)
        let result = try TestPortfolios.margin([justExpired], mode: .portfolio)
        #expect(result.positions[0].markPrice == 10_000)
    }

    @Test func refusesBadMarketAndCollateral() {
        var market = TestPortfolios.market()
        market["BTC"]!.spot = 0
        #expect(issues([TestPortfolios.perp(size: 1)], market: market).contains(ValidationIssue(field: "market.BTC.spot", reason: "must be greater than 0")))
        market = TestPortfolios.market()
        market["BTC"]!.spotConfidence = 1.5
        #expect(issues([TestPortfolios.perp(size: 1)], market: market).contains { $0.field == "market.BTC.spotConfidence" })
        let collateral = [CollateralHolding(asset: "USDC", amount: -1), CollateralHolding(asset: "FOO", amount: 1, price: 1)]
        let found = issues([], collateral: collateral)
        #expect(found.contains { $0.field == "collateral[0].amount" })
        let unknown = issues([], collateral: [CollateralHolding(asset: "FOO", amount: 1, price: 1)])
        #expect(unknown.contains { $0.field == "collateral[0].asset" && $0.reason.contains("unknown collateral asset") })
        #expect(issues([], cash: .nan).contains(ValidationIssue(field: "cash", reason: "must be a finite number")))
    }

    @Test func reportsEveryIssueAtOnce() {
        let found = issues([TestPortfolios.call(-1, size: .nan), TestPortfolios.perp(size: 2e9)], cash: .infinity)
        #expect(Set(found.map(\.field)) == ["cash", "positions[0].strike", "positions[0].size", "positions[1].size"])
    }

    @Test func fieldsThatDoNotApplyAreRefusedTheSameWay() {
        let future = Instrument.future("BTC", expiry: TestPortfolios.expiry)
        let cases: [(Position, String, String)] = [
            (Position(instrument: .perpetual("BTC"), size: 1, markIv: 0.5), "markIv", "applies to options only"),
            (Position(instrument: TestPortfolios.call(60_000, size: 1).instrument, size: 1, markIv: 0.5, unrealizedPnl: 5),
             "unrealizedPnl", "applies to futures and perpetuals; an option is marked to market"),
            (Position(instrument: future, size: 1, unrealizedFunding: 3), "unrealizedFunding", "applies to perpetuals only: a dated future pays no funding"),
        ]
        for (position, field, reason) in cases {
            #expect(position.validationIssues().contains(ValidationIssue(field: field, reason: reason)), "\(position.instrument)")
        }
        // Units and marks of inverse positions (docs/INVERSE.md).
        let inverseCall = TestPortfolios.call(60_000, size: 1).instrument.settled(in: .coin)
        let inverseCases: [(Position, String, String)] = [
            (Position(instrument: inverseCall, size: 1, sizeUnit: .usd), "sizeUnit",
             "usd applies to coin-settled futures and perpetuals; an option is sized in contracts on one coin"),
            (Position(instrument: .perpetual("BTC"), size: 10, sizeUnit: .usd), "sizeUnit",
             "usd applies to coin-settled futures and perpetuals; a quote-settled position is sized in units of the underlying"),
            (Position(instrument: inverseCall, size: 1, markPrice: 0), "markPrice", "must be greater than 0"),
            (Position(instrument: inverseCall, size: 1, markPrice: -0.01), "markPrice", "must be greater than 0"),
            (Position(instrument: Instrument.perpetual("BTC").settled(in: .coin), size: 1, markPrice: 0.1), "markPrice",
             "applies to options only; a future's mark is the market's"),
        ]
        for (position, field, reason) in inverseCases {
            #expect(position.validationIssues().contains(ValidationIssue(field: field, reason: reason)), "\(position.instrument)")
        }
        #expect(Position(instrument: Instrument.perpetual("BTC").settled(in: .coin), size: 10, sizeUnit: .usd).validationIssues().isEmpty)
        // Derive's profiles margin what Derive lists: quote-settled, options from their IV.
        let derive = Portfolio(positions: [Position(instrument: inverseCall, size: 1, markPrice: 0.05)]).issuesForLinearProfile("derive-srm")
        #expect(derive.map(\.field) == ["positions[0].settlement", "positions[0].markPrice"])
        // An option's entry price applies: it is the average premium (ADL's cost basis).
        #expect(Position(instrument: TestPortfolios.call(60_000, size: 1).instrument, size: 1, entryPrice: 2_500, markIv: 0.5).validationIssues().isEmpty)
    }

    @Test func parameterIssuesAreNamedWithinTheParameterSet() {
        var parameters = RiskParameters.standardDefaults
        parameters.initialMarginFactor = 0.5
        #expect(throws: RiskError.invalidParameters(parameters.validationIssues())) {
            _ = try TestPortfolios.margin([TestPortfolios.perp(size: 1)], mode: .isolated, parameters: parameters)
        }
        #expect(parameters.validationIssues().map(\.field) == ["initialMarginFactor"])
    }

    @Test func aMissingVolatilityNamesThePosition() {
        #expect(throws: RiskError.missingMarketData(asset: "BTC", missing: .volatility(position: 1),
                                                    reason: "no mark IV for BTC-31MAR26-60000-C and no ATM volatility")) {
            var option = TestPortfolios.call(60_000, size: 1)
            option.markIv = nil
            _ = try TestPortfolios.margin([TestPortfolios.perp(size: 1), option], mode: .portfolio, market: TestPortfolios.market(vol: nil))
        }
    }

    @Test func missingMarketDataNamesTheAsset() {
        var market = TestPortfolios.market(vol: nil)
        do {
            _ = try TestPortfolios.margin([TestPortfolios.perp(size: 1, underlying: "SOL")], mode: .portfolio, market: market)
            Issue.record("no error")
        } catch let error as RiskError {
            #expect(error == .missingMarketData(asset: "SOL", missing: .spot(asset: "SOL"), reason: "no price for SOL"))
        } catch { Issue.record("\(error)") }
        let noIv = Position(instrument: .option("BTC", .call, strike: 60_000, expiry: TestPortfolios.expiry), size: 1)
        market = TestPortfolios.market(vol: nil)
        #expect(throws: RiskError.self) { try TestPortfolios.margin([noIv], mode: .portfolio, market: market) }
    }
}
