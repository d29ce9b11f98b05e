import Testing
@testable import RiskCore

@Suite struct InstrumentDeribitNameTests {
    @Test func parsesOptionsFuturesAndPerpetuals() throws {
        let call = try #require(Instrument(deribitName: "BTC-27MAR26-60000-C"))
        #expect(call.underlying == "BTC" && call.kind == .call && call.strike == 60_000)
        #expect(call.expiry == Timestamp(iso8601: "2026-03-27T08:00:00Z"))
        let put = try #require(Instrument(deribitName: "ETH-5JAN27-3500-P"))
        #expect(put.kind == .put && put.expiry == Timestamp(iso8601: "2027-01-05T08:00:00Z"))
        let future = try #require(Instrument(deribitName: "BTC-27MAR26"))
        #expect(future.kind == .future && future.strike == nil)
        #expect(Instrument(deribitName: "BTC-PERPETUAL") == .perpetual("BTC"))
        let small = try #require(Instrument(deribitName: "XRP_USDC-27MAR26-0d625-C"))
        #expect(small.underlying == "XRP" && small.quoteCurrency == "USDC" && small.settlement == .quote && small.strike == 0.625)
        // Whole strikes past 15 digits take the decimal path and are still the nearest double.
        #expect(Instrument(deribitName: "BTC-27MAR26-1234567890123456789-C")?.strike == Double("1234567890123456789"))
        #expect(Instrument(deribitName: "BTC-27MAR26-007-C")?.strike == 7)
    }

    /// Deribit's names: `BTC_USDC-PERPETUAL` is BTC settled in USDC (linear), a plain name is
    /// what the caller says plain names are (Deribit's are inverse).
    @Test func anUnderscoreNamesTheStablecoinALinearInstrumentSettlesIn() throws {
        let linear = try #require(Instrument(deribitName: "BTC_USDC-PERPETUAL", plainSettlement: .coin))
        #expect(linear.underlying == "BTC" && linear.kind == .perpetual && linear.settlement == .quote && linear.quoteCurrency == "USDC")
        #expect(Instrument(deribitName: "SOL_USDT-27MAR26")?.underlying == "SOL")
        let inverse = try #require(Instrument(deribitName: "BTC-28JUN24-70000-C", plainSettlement: .coin))
        #expect(inverse.settlement == .coin && inverse.quoteCurrency == nil && inverse.underlying == "BTC")
        #expect(Instrument(deribitName: "BTC-PERPETUAL")?.settlement == .quote)
        // Other suffixes are part of the underlying's symbol.
        #expect(Instrument(deribitName: "ETH_LP-PERPETUAL")?.underlying == "ETH_LP")
        #expect(Instrument(deribitName: "_USDC-PERPETUAL")?.underlying == "_USDC")
    }

    @Test func aLowerCaseNameIsRefusedWithTheUpperCaseOneSuggested() {
        guard case .failure(let issue) = Instrument.parseDeribitName("btc-26mar27-100000-c") else {
            Issue.record("a lower-case name parsed")
            return
        }
        #expect(issue.reason.hasSuffix("; did you mean 'BTC-26MAR27-100000-C'?"), "\(issue.reason)")
        guard case .failure(let small) = Instrument.parseDeribitName("xrp_usdc-27mar26-0d625-c") else { return }
        #expect(small.reason.hasSuffix("; did you mean 'XRP_USDC-27MAR26-0d625-C'?"), "\(small.reason)")
        // No hint where upper case does not help.
        guard case .failure(let other) = Instrument.parseDeribitName("btc-31feb27-100000-c") else { return }
        #expect(!other.reason.contains("did you mean"), "\(other.reason)")
    }

    @Test func formatsBackToTheSameName() {
        for name in ["BTC-27MAR26-60000-C", "ETH-5JAN27-3500-P", "BTC-27MAR26", "BTC-PERPETUAL", "XRP_USDC-27MAR26-0d625-C", "BTC_USDT-PERPETUAL"] {
            #expect(Instrument(deribitName: name)?.deribitName == name)
        }
        let offHour = Instrument.option("BTC", .call, strike: 1, expiry: Timestamp(iso8601: "2026-03-27T09:00:00Z")!)
        #expect(offHour.deribitName == nil)
    }

    @Test(arguments: ["", "BTC", "btc-27MAR26-60000-C", "BTC-32MAR26-60000-C", "BTC-29FEB25-60000-C",
                      "BTC-27MAR26-60000-X", "BTC-27MAR26--60000-C", "BTC-27MAR26-0x10-C", "BTC-27MAR26-1e5-C",
                      "BTC-27MAR26-0-C", "BTC-27XYZ26-60000-C", "BTC-27MAR26-60000", "BTC-PERPETUAL-X", "-27MAR26",
                      "BTC-27MAR26-60000-C-X", "BTC-27MAR26-60000-C-", "BTC--27MAR26", "BTC-PERPETUAL-", "BTC-27MAR26--C",
                      "BTC-27MAR26-60000-", "BTC-27MAR26-6.0.0-C", "BTC-27MAR26-d-C", "BTC-27MAR26-+60000-C"])
    func refusesMalformedNames(_ name: String) {
        guard case .failure(let issue) = Instrument.parseDeribitName(name) else {
            Issue.record("accepted \(name)"); return
        }
        #expect(issue.field == "instrument")
        #expect(!issue.reason.isEmpty)
    }
}
