import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct HealthMonitorTests {
    @Test func aPricePathWalksAnAccountFromHealthyToInsolventWithEvents() throws {
        let harness = try MonitorHarness()
        // equity = 30,000 + 10 (S - 60,000); IM = 0.04 x 10 x S; MM = 0.02 x 10 x S.
        #expect(harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000).status == .created)
        #expect(harness.call(.get, "/v1/accounts/trader-1/health").1?["status"] == .string("healthy"))
        harness.move("BTC", to: 59_000)  // equity 20,000 < IM 23,600: warning
        harness.move("BTC", to: 58_000)  // equity 10,000 < MM 11,600: liquidatable
        harness.move("BTC", to: 56_000)  // equity -10,000: insolvent
        let transitions = harness.events().filter { $0["type"] == .string("account.status") }
        #expect(transitions.map { $0["from"] } == [.null, .string("healthy"), .string("warning"), .string("liquidatable")])
        #expect(transitions.map { $0["to"] } == [.string("healthy"), .string("warning"), .string("liquidatable"), .string("insolvent")])
        #expect(transitions[2]["equity"] == .number(10_000) && transitions[2]["maintenanceMargin"] == .number(11_600))
        #expect(transitions[3]["prices"]?["BTC"] == .number(56_000))
        // Ids increase, and since= returns what came after.
        let ids = transitions.compactMap { $0["id"]?.double }
        #expect(ids == ids.sorted() && Set(ids).count == 4)
        #expect(harness.events(since: Int64(ids[1])).filter { $0["type"] == .string("account.status") }.count == 2)
        let (_, health) = harness.call(.get, "/v1/accounts/trader-1/health")
        #expect(health?["status"] == .string("insolvent") && health?["equity"] == .number(-10_000))
    }

    @Test func anUnchangedPauseIsNotAnnouncedAgainAfterARestart() throws {
        let first = try MonitorHarness()
        _ = first.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        first.move("BTC", to: nil, status: .unavailable)
        func pauses(_ harness: MonitorHarness) -> Int { harness.events().filter { $0["type"] == .string("liquidations.paused") }.count }
        let announced = pauses(first)
        #expect(announced == 1)
        // A new process on the same data while the price is still missing: the same pause, no new event.
        let second = try MonitorHarness(prices: ["ETH": 3_000, "USDC": 1], directory: first.directory)
        #expect(pauses(second) == announced)
        #expect(second.monitor.pausedAssets["BTC"] != nil)
        // The price comes back: that is news.
        second.move("BTC", to: 60_000)
        #expect(second.events().last?["type"] == .string("liquidations.resumed"))
        #expect(second.monitor.pausedAssets["BTC"] == nil)
        // And a restart after the resumption announces nothing either.
        let third = try MonitorHarness(directory: first.directory)
        #expect(pauses(third) == announced)
        #expect(third.monitor.pausedAssets.isEmpty)
    }

    @Test func statusesContinueAcrossARestart() throws {
        let first = try MonitorHarness()
        _ = first.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        first.move("BTC", to: 59_000)  // warning
        let before = first.events().filter { $0["type"] == .string("account.status") }.count
        // A new process on the same data at the same price: no transition happened, so no event.
        let second = try MonitorHarness(prices: ["BTC": 59_000, "USDC": 1], directory: first.directory)
        #expect(second.events().filter { $0["type"] == .string("account.status") }.count == before)
        #expect(second.call(.get, "/v1/accounts/trader-1/health").1?["status"] == .string("warning"))
        // The next transition continues from the last stored status.
        second.move("BTC", to: 58_000)
        let last = try #require(second.events().last { $0["type"] == .string("account.status") })
        #expect(last["from"] == .string("warning") && last["to"] == .string("liquidatable"))
    }

    @Test func healthHasLiquidationPricesAndAnETagThatOnlyMovesWithTheAccount() throws {
        let harness = try MonitorHarness()
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 10, entry: 60_000)
        let (response, health) = harness.call(.get, "/v1/accounts/trader-1/health")
        #expect(response.status == .ok)
        // 30,000 + 10 (S - 60,000) < 0.2 S  <=>  S < 570,000 / 9.8.
        let below = try #require(health?["liquidationPrices"]?[0]?["below"]?.double)
        #expect(abs(below - 570_000 / 9.8) <= 1e-6 * below)
        #expect(health?["liquidationPrices"]?[0]?["above"] == .null)
        #expect(health?["marginRatio"] == .number(30_000 / 12_000))
        let etag = try #require(response.headers["ETag"])
        #expect(harness.call(.get, "/v1/accounts/trader-1/health", headers: [("If-None-Match", etag)]).0.status == .notModified)
        // ETH moves: the BTC account is not even re-margined, its ETag holds.
        #expect(harness.move("ETH", to: 2_900) == 0)
        #expect(harness.call(.get, "/v1/accounts/trader-1/health", headers: [("If-None-Match", etag)]).0.status == .notModified)
        // BTC moves: new figures, new ETag.
        #expect(harness.move("BTC", to: 60_500) == 1)
        let moved = harness.call(.get, "/v1/accounts/trader-1/health", headers: [("If-None-Match", etag)])
        #expect(moved.0.status == .ok && moved.0.headers["ETag"] != etag)
        #expect(moved.1?["equity"] == .number(35_000))
    }

    @Test func onlyAccountsExposedToTheMovedAssetAreRemargined() throws {
        let harness = try MonitorHarness()
        _ = harness.putPerpetual("btc-1", cash: 30_000, size: 1, entry: 60_000)
        _ = harness.putPerpetual("btc-2", cash: 30_000, size: -1, entry: 60_000)
        _ = harness.putPerpetual("eth-1", cash: 3_000, size: 2, entry: 3_000, underlying: "ETH")
        #expect(harness.move("BTC", to: 61_000) == 2)
        #expect(harness.move("ETH", to: 3_100) == 1)
        #expect(harness.monitor.tick() == 0)
    }

    /// Pages of a larger book, in any page size, are the whole book sorted by ratio.
    @Test func pagesOfALargerBookConcatenateToTheSortedBook() throws {
        let harness = try MonitorHarness()
        var cashById: [String: Double] = [:]
        for index in 0..<60 {
            // Distinct ratios (cash / 12,000 MM), inserted in no particular order.
            let cash = Double((index * 37) % 60 + 1) * 1_000
            cashById["acct-\(index)"] = cash
            _ = harness.putPerpetual("acct-\(index)", cash: cash, size: 10, entry: 60_000)
        }
        let expected = cashById.sorted { $0.value < $1.value }.map(\.key)
        for pageSize in [1, 7, 60, 1_000] {
            var seen: [String] = []
            var cursor: String?
            repeat {
                let (_, page) = harness.call(.get, "/v1/accounts?limit=\(pageSize)" + (cursor.map { "&cursor=\($0)" } ?? ""))
                let ids = page?["accounts"]?.array?.compactMap { $0["id"]?.string } ?? []
                #expect(ids.count <= pageSize)
                seen += ids
                cursor = page?["nextCursor"]?.string
            } while cursor != nil
            #expect(seen == expected, "page size \(pageSize)")
        }
    }

    @Test func theListIsOrderedByMarginRatioFilteredAndPaged() throws {
        let harness = try MonitorHarness()
        // Ratios at 60,000: equity / (0.02 x 10 x 60,000 = 12,000).
        for (id, cash) in [("a", 60_000.0), ("b", 6_000), ("c", 30_000), ("d", 13_000), ("e", 20_000)] {
            _ = harness.putPerpetual(id, cash: cash, size: 10, entry: 60_000)
        }
        _ = harness.putPerpetual("eth", cash: 10_000, size: 1, entry: 3_000, underlying: "ETH")
        let (_, all) = harness.call(.get, "/v1/accounts?underlying=BTC")
        #expect(all?["accounts"]?.array?.compactMap { $0["id"]?.string } == ["b", "d", "e", "c", "a"])
        let (_, liquidatable) = harness.call(.get, "/v1/accounts?status=liquidatable")
        #expect(liquidatable?["accounts"]?.array?.compactMap { $0["id"]?.string } == ["b"])
        var seen: [String] = []
        var cursor: String?
        repeat {
            let (_, page) = harness.call(.get, "/v1/accounts?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
            seen += page?["accounts"]?.array?.compactMap { $0["id"]?.string } ?? []
            cursor = page?["nextCursor"]?.string
        } while cursor != nil
        // ETH: equity 10,000 over MM 0.02 x 3,000 = 60 is the safest.
        #expect(seen == ["b", "d", "e", "c", "a", "eth"])
        for bad in ["status=broke", "limit=0", "limit=x", "cursor=zzz", "underlying=btc!", "colour=red"] {
            let (response, problem) = harness.call(.get, "/v1/accounts?\(bad)")
            #expect(response.status == .unprocessableContent, "\(bad)")
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(problem?.problemErrors.isEmpty == false)
        }
    }

    @Test func anAccountWithoutAPriceIsUnpricedNotAnError() throws {
        let harness = try MonitorHarness(prices: [:])
        _ = harness.putPerpetual("trader-1", cash: 30_000, size: 1, entry: 60_000)
        let (response, health) = harness.call(.get, "/v1/accounts/trader-1/health")
        #expect(response.status == .ok)
        #expect(health?["status"] == .string("unpriced"))
        #expect(health?["reason"]?.string?.contains("BTC") == true)
        #expect(harness.call(.get, "/v1/accounts/nobody/health").0.status == .notFound)
        #expect(harness.call(.get, "/v1/accounts/bad%20id/health").0.status == .unprocessableContent)
    }
}

@Suite struct MonitorMetricsTests {
    @Test func metricsCountAccountsByStatusAndShowTheFundAndVersion() throws {
        let harness = try MonitorHarness()
        _ = harness.putPerpetual("a", cash: 30_000, size: 10, entry: 60_000)
        _ = harness.putPerpetual("b", cash: 6_000, size: 10, entry: 60_000)
        _ = harness.call(.post, "/v1/insurance-fund/deposits", #"{"amount":1234.5}"#)
        let text = String(decoding: harness.call(.get, "/metrics").0.body, as: UTF8.self)
        #expect(text.contains(#"bulwark_monitor_accounts{status="healthy"} 1"#))
        #expect(text.contains(#"bulwark_monitor_accounts{status="liquidatable"} 1"#))
        #expect(text.contains("bulwark_insurance_fund_balance 1234.5"))
        #expect(text.contains(#"bulwark_parameters_info{version="\#(RiskParameters.standardDefaults.version)"} 1"#))
        // No label names an account.
        #expect(!text.contains(#""a""#) && !text.contains("acct"))
    }
}
