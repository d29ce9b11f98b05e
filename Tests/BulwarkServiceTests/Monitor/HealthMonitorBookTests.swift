import Testing
@testable import BulwarkService

@Suite struct HealthMonitorBookTests {
    /// The book's bulk figures are those each account gets margined alone through its profile, to the bit.
    @Test func bulkFiguresAreTheOneByOneFigures() throws {
        let harness = try MonitorHarness()
        let options = """
            {"instrument":"BTC-26MAR27-70000-C","size":-2,"markIv":0.55},{"instrument":"BTC-26MAR27-50000-P","size":1.5,"markIv":0.6},
            {"instrument":"BTC-25DEC26-60000-C","size":1,"markIv":0.5},{"instrument":"ETH-26MAR27-3500-C","size":-10,"markIv":0.7},
            {"instrument":"BTC-PERPETUAL","size":0.8,"entryPrice":58000},{"instrument":"ETH-PERPETUAL","size":-3,"entryPrice":3150}
            """
        for (index, mode) in ["portfolio", "portfolio", "cross", "isolated"].enumerated() {
            let body = """
                {"cash":\(100_000 + index * 7_919),"mode":"\(mode)","positions":[\(options)],
                 "collateral":[{"asset":"ETH","amount":\(3 + index)},{"asset":"USDC","amount":50000,"price":1}]}
                """
            #expect(harness.call(.put, "/v1/accounts/book-\(index)", body).0.status == .created)
        }
        harness.move("BTC", to: 61_234.5)
        let monitor = harness.monitor
        for index in 0..<4 {
            let account = try #require(monitor.account("book-\(index)"))
            // Portfolio mode in the standard profile is the book's; the other modes are margined one by one.
            #expect((account.slot != nil) == (index < 2))
            let health = try #require(account.health?.figures)
            let alone = try #require(monitor.evaluate(account, market: monitor.currentMarket, asOf: account.health!.asOf,
                                                      profiles: monitor.profiles).figures)
            #expect(health.equity.bitPattern == alone.equity.bitPattern)
            #expect(health.initialMargin.bitPattern == alone.initialMargin.bitPattern)
            #expect(health.maintenanceMargin.bitPattern == alone.maintenanceMargin.bitPattern)
            #expect(health.costBasis.bitPattern == alone.costBasis.bitPattern && health.grossNotional.bitPattern == alone.grossNotional.bitPattern)
        }
    }
}
