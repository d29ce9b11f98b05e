import BulwarkJSON
import HTTPServer
import Testing
@testable import BulwarkService

/// What-if trades in a coin account: booked in coin as the stored account's fills are.
extension WhatIfOutcomeTests {
    @Test func aCoinAccountsWhatIfIsInItsCoin() throws {
        // 60,000 USD of the inverse perpetual long from 60,000 (1 BTC); selling half at 60,000 realises nothing.
        let (response, json) = call(.post, "/v1/margin", """
        {"mode":"isolated","accountCurrency":"BTC","instrumentNames":"deribit","cash":0.1,
         "positions":[{"instrument":"BTC-PERPETUAL","size":60000,"sizeUnit":"usd","entryPrice":60000}],
         "market":{"BTC":{"spot":60000}},"whatIf":[{"instrument":"BTC-PERPETUAL","size":-30000,"price":60000,"fee":0.0001}]}
        """)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        let whatIf = try #require(json?["whatIf"])
        // MM (1% + 0.00005 per coin) of the coins: 1 BTC before, 0.5 after.
        #expect(abs((whatIf["before"]?["maintenanceMargin"]?.double ?? 0) - 1 * (0.01 + 0.00005)) < 1e-15)
        #expect(abs((whatIf["after"]?["maintenanceMargin"]?.double ?? 0) - 0.5 * (0.01 + 0.000025)) < 1e-15)
        #expect(abs((whatIf["after"]?["equity"]?.double ?? 0) - 0.0999) < 1e-15)
        #expect(whatIf["accepted"] == .bool(true))
    }

    @Test func aStoredCoinAccountsWhatIfReadsPlainNamesAsItsOwn() throws {
        _ = call(.put, "/v1/accounts/c", #"{"mode":"isolated","accountCurrency":"BTC","cash":0.1}"#)
        let (response, json) = call(.post, "/v1/accounts/c/what-if", """
        {"market":{"BTC":{"spot":50000}},"fills":[{"instrument":"BTC-PERPETUAL","size":50000,"price":50000}]}
        """)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        // 1 BTC of exposure: IM (2% + 0.00005) BTC against 0.1 BTC of equity.
        #expect(abs((json?["after"]?["initialMargin"]?.double ?? 0) - 0.02005) < 1e-15)
        #expect(json?["accepted"] == .bool(true))
    }
}
