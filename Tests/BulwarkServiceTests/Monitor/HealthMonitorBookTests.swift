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

    /// The monitor keeps no document of an account the book holds: every read rebuilds it from
    /// the book, the same portfolio that was stored, through rewrites and removals.
    @Test func bookAccountsAreReadBackAsStored() throws {
        let harness = try MonitorHarness()
        let body = { (index: Int) in """
            {"cash":\(50_000 + index),"positions":[{"instrument":"BTC-26MAR27-70000-C","size":-\(index + 1),"markIv":0.55},
             {"instrument":"BTC_USDC-PERPETUAL","size":0.5,"entryPrice":58000,"unrealizedFunding":-12.5},
             {"instrument":"ETH-26MAR27-3500-P","size":2}],
             "collateral":[{"asset":"ETH","amount":\(index + 2),"riskCancelling":true},{"asset":"USDC","amount":1000,"price":1,"haircut":{"initial":0.02,"maintenance":0.01}}]}
            """ }
        for index in 0..<6 { #expect(harness.call(.put, "/v1/accounts/kept-\(index)", body(index)).0.status == .created) }
        #expect(harness.call(.delete, "/v1/accounts/kept-1").0.status == .ok)
        #expect(harness.call(.put, "/v1/accounts/kept-2", body(20)).0.status == .ok)
        for index in [0, 2, 3, 4, 5] {
            let account = try #require(harness.monitor.account("kept-\(index)"))
            #expect(account.slot != nil)
            let stored = try #require(try harness.store.read { try $0.accounts.account("kept-\(index)") })
            let document = try AccountDocument.decode(stored.document, parameters: harness.monitor.parameters).get()
            #expect(account.document.portfolio == document.portfolio)
            #expect(account.document.mode == .portfolio && account.document.methodology == "standard")
        }
        #expect(harness.monitor.allAccounts.count == 5 && harness.monitor.allAccounts.allSatisfy { $0.document.portfolio.positions.count == 3 })
    }
}
