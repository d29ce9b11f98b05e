import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

/// A BTC account from deposit to liquidation: fills, health, the plan, the execution and the
/// ledger, every money figure in BTC and booked in BTC's books.
extension LiquidationRoutesTests {
    @Test func aCoinAccountIsTradedMarginedAndLiquidatedInItsCoin() throws {
        var liquidation = LiquidationParameters()
        liquidation.penaltyRate = 0.002  // at 1%, about the MM rate, only closing everything would do
        let harness = try MonitorHarness(liquidation: liquidation)
        let put = harness.call(.put, "/v1/accounts/btc-1", #"{"accountCurrency":"BTC","cash":0.25,"mode":"isolated"}"#)
        #expect(put.0.status == .created && put.1?["accountCurrency"] == .string("BTC"))
        #expect(try harness.balance("account:btc-1@BTC") == 0.25 && harness.balance("external@BTC") == -0.25)

        // Plain names in a coin account are Deribit's inverse ones, sized in USD.
        let (traded, account) = harness.call(.post, "/v1/accounts/btc-1/trades",
                                             #"{"fills":[{"instrument":"BTC-PERPETUAL","size":600000,"price":60000,"fee":0.0005}]}"#)
        #expect(traded.status == .ok)
        let position = try #require(account?["positions"]?[0])
        #expect(position["settlement"] == .string("coin") && position["sizeUnit"] == .string("usd") && position["size"]?.double == 600_000)
        #expect(account?["cash"]?.double == 0.2495)
        #expect(try harness.balance("fees@BTC") == 0.0005)
        let (refused, problem) = harness.call(.post, "/v1/accounts/btc-1/trades",
                                              #"{"fills":[{"instrument":"BTC_USDC-PERPETUAL","size":1,"price":60000}]}"#)
        #expect(refused.status == .unprocessableContent)
        #expect(problem?.problemErrors["fills[0].instrument"]?.hasPrefix("settles in USD and the account is in BTC") == true)

        // At 60,000: 10 BTC of exposure, MM 10 x (1% + 0.00005 x 10) BTC.
        _ = harness.move("BTC", to: 60_000)
        var health = harness.call(.get, "/v1/accounts/btc-1/health").1
        #expect(health?["accountCurrency"] == .string("BTC") && health?["status"] == .string("healthy"))
        #expect(abs((health?["equity"]?.double ?? 0) - 0.2495) < 1e-15)
        #expect(abs((health?["maintenanceMargin"]?.double ?? 0) - 0.105) < 1e-15)
        // Its liquidation price: where 0.2495 - 600,000 (1/S - 1/60,000) BTC of equity meets
        // the MM of 600,000/S coins, found here by bisection on that closed form.
        func surplus(_ spot: Double) -> Double {
            let coins = 600_000 / spot
            return 0.2495 - 600_000 * (1 / spot - 1.0 / 60_000) - coins * (0.01 + 0.00005 * coins)
        }
        var (low, high) = (30_000.0, 60_000.0)
        for _ in 0..<100 { let middle = (low + high) / 2; if surplus(middle) < 0 { low = middle } else { high = middle } }
        let level = try #require(health?["liquidationPrices"]?[0])
        #expect(abs((level["below"]?.double ?? 0) / high - 1) < 1e-9, "\(level)")
        #expect(level["above"] == .null)

        // At 59,000 the long has lost 600,000 (1/59,000 - 1/60,000) BTC.
        _ = harness.move("BTC", to: 59_000)
        health = harness.call(.get, "/v1/accounts/btc-1/health").1
        let equity = 0.2495 - 600_000 * (1.0 / 59_000 - 1.0 / 60_000)
        #expect(abs((health?["equity"]?.double ?? 0) - equity) < 1e-12)
        #expect(health?["status"] == .string("liquidatable"))
        let plans = harness.call(.get, "/v1/liquidations").1
        let plan = try #require(plans?["plans"]?[0])
        #expect(plan["account"] == .string("btc-1") && plan["accountCurrency"] == .string("BTC"))
        let step = try #require(plan["plan"]?["steps"]?[0])
        #expect(step["sizeUnit"] == .string("usd") && step["instrument"] == .string("BTC-PERPETUAL"))
        let size = try #require(step["size"]?.double)
        #expect(size < 0 && size > -600_000)

        // The keeper executes the step as planned: the penalty is on the coins closed, in BTC.
        let (executed, result) = execute(harness, "btc-1", size: size, price: 59_000)
        #expect(executed.status == .ok && result?["accountCurrency"] == .string("BTC"))
        let penalty = 0.002 * abs(size) / 59_000
        #expect(abs((result?["penalty"]?.double ?? 0) - penalty) < 1e-15)
        #expect(abs((step["penalty"]?.double ?? 0) - penalty) < 1e-15)
        #expect(abs(try harness.balance("insurance-fund@BTC") - penalty / 2) < 1e-15)
        #expect(abs(try harness.balance("keeper:keeper-1@BTC") - penalty / 2) < 1e-15)
        #expect(try harness.balance(LedgerJournal.insuranceFund) == 0)
        let fund = harness.call(.get, "/v1/insurance-fund?currency=BTC").1
        #expect(fund?["currency"] == .string("BTC") && abs((fund?["balance"]?.double ?? 0) - penalty / 2) < 1e-15)
        #expect(fund?["history"]?[0]?["currency"] == .string("BTC") && fund?["history"]?[0]?["book"] == .string("insurance-fund@BTC"))
        health = harness.call(.get, "/v1/accounts/btc-1/health").1
        #expect(abs((health?["marginRatio"]?.double ?? 0) - 1.1) < 1e-9)
        #expect(abs((health?["equity"]?.double ?? 0) - (equity - penalty)) < 1e-12)
        try Self.expectLedgerConsistent(harness)
    }

    @Test func eachCurrencyHasItsOwnInsuranceFund() throws {
        let harness = try MonitorHarness()
        let (deposited, answer) = harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount": 1.5, "currency": "BTC"}"#)
        #expect(deposited.status == .created && answer?["currency"] == .string("BTC") && answer?["balance"]?.double == 1.5)
        _ = harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount": 1000}"#)
        #expect(harness.call(.get, "/v1/insurance-fund?currency=BTC").1?["balance"]?.double == 1.5)
        #expect(harness.call(.get, "/v1/insurance-fund").1?["balance"]?.double == 1_000)
        let ledger = harness.call(.get, "/v1/ledger").1
        #expect(ledger?["totals"]?["BTC"]?.double == 0 && ledger?["totals"]?["USD"]?.double == 0)
        let (refused, problem) = harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount": 1, "currency": "btc"}"#)
        #expect(refused.status == .unprocessableContent && problem?.problemErrors["currency"] != nil)
        #expect(harness.call(.get, "/v1/insurance-fund?currency=b-t").0.status == .unprocessableContent)
    }
}

extension LiquidationRoutesTests {
    /// A bankrupt BTC account draws the BTC fund and deleverages BTC winners only: a USD
    /// fund and a USD account's profit are another currency's.
    @Test func aCoinAccountsDeficitStaysInItsCurrency() throws {
        let harness = try MonitorHarness()
        #expect(harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount":2000}"#).0.status == .created)
        #expect(harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount":0.01,"currency":"BTC"}"#).0.status == .created)
        func putInverse(_ id: String, cash: Double, usd: Double) {
            let body = #"{"accountCurrency":"BTC","cash":\#(cash),"mode":"isolated","positions":[{"instrument":"BTC-PERPETUAL","size":\#(usd),"sizeUnit":"usd","entryPrice":60000}]}"#
            #expect(harness.call(.put, "/v1/accounts/\(id)", body).0.status == .created)
        }
        putInverse("bust", cash: 0.05, usd: 600_000)
        putInverse("btc-winner", cash: 1, usd: -120_000)
        _ = harness.putPerpetual("usd-winner", cash: 50_000, size: -5, entry: 62_000)
        _ = harness.move("BTC", to: 58_000)
        #expect(harness.call(.get, "/v1/accounts/bust/health").1?["status"] == .string("insolvent"))
        let (response, result) = execute(harness, "bust", size: -600_000, price: 58_000)
        #expect(response.status == .ok)
        let bankruptcy = try #require(result?["bankruptcy"])
        let deficit = 600_000 * (1.0 / 58_000 - 1.0 / 60_000) - 0.05
        let profit = 120_000 * (1.0 / 58_000 - 1.0 / 60_000)
        #expect(abs((bankruptcy["deficit"]?.double ?? 0) - deficit) < 1e-12)
        #expect(bankruptcy["insuranceFundDraw"] == .number(0.01))
        #expect(bankruptcy["allocations"]?.array?.compactMap { $0["account"]?.string } == ["btc-winner"])
        #expect(abs((bankruptcy["allocations"]?[0]?["amount"]?.double ?? 0) - profit) < 1e-12)
        #expect(abs((bankruptcy["uncovered"]?.double ?? 0) - (deficit - 0.01 - profit)) < 1e-12)
        #expect(try harness.balance(LedgerJournal.insuranceFund) == 2_000 && harness.balance("insurance-fund@BTC") == 0)
        #expect(harness.call(.get, "/v1/accounts/usd-winner").1?["cash"] == .number(50_000))
        #expect(harness.events().contains { $0["type"] == .string("loss.socialized") && $0["accountCurrency"] == .string("BTC") })
        try Self.expectLedgerConsistent(harness)
    }
}
