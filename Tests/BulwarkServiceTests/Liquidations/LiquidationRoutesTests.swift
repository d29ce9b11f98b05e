import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct LiquidationRoutesTests {
    /// Every account's ledger book (in its currency) equals its stored cash, and every
    /// currency's books sum to zero.
    static func expectLedgerConsistent(_ harness: MonitorHarness) throws {
        let (_, ledger) = harness.call(.get, "/v1/ledger")
        #expect(ledger?["balanced"] == .bool(true))
        #expect(abs(ledger?["total"]?.double ?? 1) < 1e-6)
        if case .object(let totals)? = ledger?["totals"] {
            for (code, total) in totals { #expect(abs(total.double ?? 1) < 1e-9, "\(code)") }
        }
        for account in try harness.store.read({ try $0.accounts.all() }) {
            let cash = account.cash
            #expect(abs(try harness.balance(LedgerBooks(currency: account.currency).account(account.id)) - cash) < 1e-9, "\(account.id)")
        }
    }

    func execute(_ harness: MonitorHarness, _ id: String, size: Double, price: Double, keeper: String = "keeper-1") -> (HTTPResponse, JSONValue?) {
        harness.call(.post, "/v1/accounts/\(id)/liquidations/executions",
                     #"{"keeper":"\#(keeper)","fills":[{"instrument":"BTC-PERPETUAL","size":\#(size),"price":\#(price)}]}"#)
    }

    @Test func executingThePlanRestoresTheTargetRatioAndPaysThePenalty() throws {
        let harness = try MonitorHarness()
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        harness.move("BTC", to: 58_000)  // equity 10,000, MM 11,600
        let (listed, liquidations) = harness.call(.get, "/v1/liquidations")
        #expect(listed.status == .ok)
        let plan = try #require(liquidations?["plans"]?[0])
        #expect(plan["account"] == .string("trader-1") && plan["paused"] == .bool(false))
        // 10,000 - 5,800 f >= 1.1 x 11,600 (1 - f)  <=>  f >= 2,760 / 6,960.
        let fraction = 2_760.0 / 6_960.0
        let step = try #require(plan["plan"]?["steps"]?[0])
        let size = try #require(step["size"]?.double)
        #expect(abs(size + 10 * fraction) < 1e-9)
        #expect(plan["plan"]?["reachesTarget"] == .bool(true))

        let (executed, result) = execute(harness, "trader-1", size: size, price: 58_000)
        #expect(executed.status == .ok)
        let penalty = 0.01 * abs(size) * 58_000
        #expect(abs((result?["penalty"]?.double ?? 0) - penalty) < 1e-9)
        #expect(abs(try harness.balance(LedgerJournal.keeper("keeper-1")) - penalty / 2) < 1e-9)
        #expect(abs(try harness.balance(LedgerJournal.insuranceFund) - penalty / 2) < 1e-9)
        let (_, health) = harness.call(.get, "/v1/accounts/trader-1/health")
        #expect(abs((health?["marginRatio"]?.double ?? 0) - 1.1) < 1e-9)
        #expect(abs((health?["equity"]?.double ?? 0) - (10_000 - penalty)) < 1e-6)
        #expect(health?["status"] == .string("warning"))
        #expect(harness.events().contains { $0["type"] == .string("liquidation.execution") && $0["keeper"] == .string("keeper-1") })
        // Nothing left to liquidate.
        #expect(harness.call(.get, "/v1/liquidations").1?["plans"]?.array?.isEmpty == true)
        try Self.expectLedgerConsistent(harness)
    }

    @Test func anExecutionForAnAccountWithoutAPriceNamesTheMissingPrice() throws {
        let harness = try MonitorHarness(prices: ["ETH": 3_000, "USDC": 1])
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        let (refused, problem) = execute(harness, "trader-1", size: -1, price: 58_000)
        #expect(refused.status == .conflict)
        let detail = try #require(problem?["detail"]?.string)
        #expect(detail.contains("no price for BTC") && !detail.contains("retry"), "\(detail)")
    }

    @Test func liquidationsPauseWhileThePriceIsVolatile() throws {
        let harness = try MonitorHarness()
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        harness.move("BTC", to: 58_000, status: .volatile)
        let (_, liquidations) = harness.call(.get, "/v1/liquidations")
        #expect(liquidations?["plans"]?[0]?["paused"] == .bool(true))
        #expect(liquidations?["liquidationsPaused"]?["BTC"] != nil)
        #expect(harness.call(.get, "/v1/accounts/trader-1/health").1?["liquidationsPaused"]?["BTC"] != nil)
        let (refused, problem) = execute(harness, "trader-1", size: -1, price: 58_000)
        #expect(refused.status == .conflict)
        #expect(problem?["detail"]?.string?.contains("paused on BTC") == true)
        harness.move("BTC", to: 58_000)
        #expect(execute(harness, "trader-1", size: -1, price: 58_000).0.status == .ok)
        let types = harness.events().compactMap { $0["type"]?.string }
        #expect(types.contains("liquidations.paused") && types.contains("liquidations.resumed"))
        try Self.expectLedgerConsistent(harness)
    }

    func bankruptcy(_ method: SocializationMethod) throws -> (MonitorHarness, JSONValue?) {
        var liquidation = LiquidationParameters()
        liquidation.socialization = method
        let harness = try MonitorHarness(liquidation: liquidation)
        #expect(harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount":2000}"#).0.status == .created)
        _ = harness.putPerpetual("bust", cash: 5_000, size: 10, entry: 60_000)
        _ = harness.putPerpetual("w1", cash: 50_000, size: -2, entry: 60_000)
        _ = harness.putPerpetual("w2", cash: 50_000, size: -5, entry: 62_000)
        harness.move("BTC", to: 58_000)  // bust: 5,000 - 20,000 = -15,000; w1 +4,000; w2 +20,000
        #expect(harness.call(.get, "/v1/accounts/bust/health").1?["status"] == .string("insolvent"))
        let (response, result) = execute(harness, "bust", size: -10, price: 58_000)
        #expect(response.status == .ok)
        return (harness, result)
    }

    @Test func aBankruptAccountDrawsTheFundThenDeleveragesTheTopRankedWinner() throws {
        let (harness, result) = try bankruptcy(.autoDeleveraging)
        let bankruptcy = try #require(result?["bankruptcy"])
        #expect(result?["penalty"] == .number(0))  // nothing left to pay a penalty with
        #expect(bankruptcy["deficit"] == .number(15_000))
        #expect(bankruptcy["insuranceFundDraw"] == .number(2_000))
        // Ranked by PnL% x leverage: w2 (20,000 / 310,000 x 290,000 / 70,000) ahead of w1 (4,000 / 120,000 x 116,000 / 54,000).
        #expect(bankruptcy["allocations"]?.array?.count == 1)
        #expect(bankruptcy["allocations"]?[0]?["account"] == .string("w2"))
        #expect(bankruptcy["allocations"]?[0]?["amount"] == .number(13_000))
        #expect(bankruptcy["uncovered"] == .number(0))
        #expect(try harness.balance(LedgerJournal.insuranceFund) == 0)
        #expect(harness.call(.get, "/v1/accounts/w2").1?["cash"] == .number(37_000))
        #expect(harness.call(.get, "/v1/accounts/w1").1?["cash"] == .number(50_000))
        #expect(harness.call(.get, "/v1/accounts/bust").1?["cash"] == .number(0))
        let types = harness.events().compactMap { $0["type"]?.string }
        #expect(types.contains("insurance-fund.draw") && types.contains("loss.socialized"))
        let (_, fund) = harness.call(.get, "/v1/insurance-fund")
        #expect(fund?["balance"] == .number(0))
        #expect(fund?["history"]?.array?.compactMap { $0["amount"]?.double } == [2_000, -2_000])
        try LiquidationRoutesTests.expectLedgerConsistent(harness)
    }

    @Test func proRataSocializationTakesTheSameShareOfEveryProfit() throws {
        let (harness, result) = try bankruptcy(.proRata)
        let allocations = try #require(result?["bankruptcy"]?["allocations"]?.array)
        // 13,000 of 24,000 in profits.
        let shares = Dictionary(uniqueKeysWithValues: allocations.compactMap { a in a["account"]?.string.map { ($0, a["amount"]?.double ?? 0) } })
        #expect(abs(shares["w1"]! - 4_000 * 13.0 / 24.0) < 1e-9)
        #expect(abs(shares["w2"]! - 20_000 * 13.0 / 24.0) < 1e-9)
        #expect(abs(shares.values.reduce(0, +) - 13_000) < 1e-9)
        try LiquidationRoutesTests.expectLedgerConsistent(harness)
    }

    @Test func badExecutionsAreProblems() throws {
        let harness = try MonitorHarness()
        _ = harness.putPerpetual("healthy", cash: 100_000, size: 1, entry: 60_000)
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        harness.move("BTC", to: 58_000)
        #expect(execute(harness, "nobody", size: -1, price: 58_000).0.status == .notFound)
        #expect(execute(harness, "healthy", size: -1, price: 58_000).0.status == .conflict)
        let cases: [(String, String)] = [
            (#"{"keeper":"k","fills":[{"instrument":"BTC-PERPETUAL","size":1,"price":58000}]}"#, "fills[0].size"),
            (#"{"keeper":"k","fills":[{"instrument":"BTC-PERPETUAL","size":-11,"price":58000}]}"#, "fills[0].size"),
            (#"{"keeper":"k","fills":[{"instrument":"ETH-PERPETUAL","size":-1,"price":3000}]}"#, "fills[0].instrument"),
            (#"{"keeper":"k","fills":[{"instrument":"BTC-PERPETUAL","size":-1,"price":-5}]}"#, "fills[0].price"),
            (#"{"keeper":"k","fills":[{"instrument":"BTC-PERPETUAL","size":-1,"price":58000,"fee":1}]}"#, "fills[0].fee"),
            (#"{"fills":[{"instrument":"BTC-PERPETUAL","size":-1,"price":58000}]}"#, "keeper"),
            (#"{"keeper":"k","fills":[]}"#, "fills"),
        ]
        for (body, field) in cases {
            let (response, problem) = harness.call(.post, "/v1/accounts/trader-1/liquidations/executions", body)
            #expect(response.status == .unprocessableContent, "\(body)")
            #expect(problem?.problemErrors[field] != nil, "\(body): \(problem?.problemErrors ?? [:])")
        }
        #expect(harness.call(.post, "/v1/accounts/trader-1/liquidations/executions", "{").0.status == .badRequest)
        #expect(harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount":-5}"#).0.status == .unprocessableContent)
        // None of it moved money.
        #expect(try harness.balance(LedgerJournal.insuranceFund) == 0)
        try Self.expectLedgerConsistent(harness)
    }
}
