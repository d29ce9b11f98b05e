import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

/// Inverse instruments and coin accounts over HTTP (docs/INVERSE.md).
extension MarginRoutesTests {
    /// Deribit's BTC pme/simulate book under Deribit's names, in a BTC account: the worst of
    /// -16%, 0 and +16% is 0.059685872 BTC, every figure in BTC, the parts adding up.
    @Test func aCoinAccountOfDeribitInstrumentsIsMarginedInCoin() throws {
        let book = """
        "mode": "portfolio", "asOf": "2024-06-17T10:22:20.501Z", "accountCurrency": "BTC", "instrumentNames": "deribit", "cash": 0.5,
         "positions": [{"instrument": "BTC-PERPETUAL", "size": 0.314538364}, {"instrument": "BTC-28JUN24", "size": -0.001187534}],
         "market": {"BTC": {"spot": 65666.19, "perpPrice": 65910.57, "expiries": {"2024-06-28T08:00:00Z": {"forward": 67371.75}}}}
        """
        let body = "{" + book + #", "grid": {"spotShocks": [-0.16, 0, 0.16], "volShocks": [0]}}"#
        let (response, json) = client.post("/v1/scenarios", body)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        let answer = try #require(json)
        #expect(answer["accountCurrency"]?.string == "BTC")
        let btc = try #require(answer["underlyings"]?[0])
        let net = 0.314538364 - 0.001187534
        #expect(String(format: "%.9f", try #require(btc["scanLoss"]?.double)) == "0.059685872")
        #expect(abs(try #require(btc["worstScenario"]?["pnl"]?.double) - net * -0.16 / 0.84) < 1e-15)
        #expect(btc["positions"]?[0]?["settlement"]?.string == "coin" && btc["positions"]?[0]?["instrument"]?.string == "BTC-PERPETUAL")
        // The perpetual's 0.314538364 BTC lose 0.16/0.84 of themselves; the cash's half coin,
        // restated, nothing; the parts add up to the scenario.
        let perpetual = try #require(btc["positions"]?[0]?["pnl"]?.double)
        #expect(abs(perpetual - 0.314538364 * -0.16 / 0.84) < 1e-12)
        let positionsPnl: Double = (btc["positions"]?.array ?? []).compactMap { $0["pnl"]?.double }.reduce(0, +)
        let currencyPnl = try #require(btc["currencyPnl"]?.double)
        let worstPnl = try #require(btc["worstScenario"]?["pnl"]?.double)
        #expect(abs(positionsPnl + currencyPnl - worstPnl) < 1e-15)

        let (marginResponse, margin) = client.post("/v1/margin", "{" + book + "}")
        #expect(marginResponse.status == .ok, "\(String(decoding: marginResponse.body, as: UTF8.self))")
        #expect(margin?["accountCurrency"]?.string == "BTC" && margin?["cash"]?.double == 0.5)
        // Equity is the coin cash and the coin P&L: the perpetual has no entry, the future none.
        #expect(margin?["equity"]?.double == 0.5)
    }

    /// An inverse future sized in USD (Deribit's contracts) is size / mark coins; its P&L is
    /// N x (1/entry - 1/mark) coin, worth the spot each in a USD account.
    @Test func anInverseFutureSizedInUSDMakesItsCoinProfitInAUSDAccount() throws {
        let body = """
        {"mode": "isolated", "asOf": "2026-03-01T08:00:00Z", "cash": 1000,
         "positions": [{"instrument": "BTC-PERPETUAL", "settlement": "coin", "size": 1000, "sizeUnit": "usd", "entryPrice": 600}],
         "market": {"BTC": {"spot": 700}}}
        """
        let (response, json) = client.post("/v1/margin", body)
        #expect(response.status == .ok, "\(String(decoding: response.body, as: UTF8.self))")
        let position = try #require(json?["positions"]?[0])
        #expect(json?["accountCurrency"]?.string == "USD")
        let coins: Double = 1_000.0 / 600 - 1_000.0 / 700
        let value = try #require(position["value"]?.double)
        let size = try #require(position["size"]?.double)
        #expect(abs(value - coins * 700) < 1e-9)
        #expect(abs(size - 1_000.0 / 700) < 1e-15)
        #expect(position["settlement"]?.string == "coin")
    }

    @Test func badInverseInputIsNamed() throws {
        let cases: [(String, String, String)] = [
            (#""positions": [{"instrument": "BTC_USDC-PERPETUAL", "settlement": "coin", "size": 1}]"#, "positions[0].settlement",
             "coin does not apply: the name BTC_USDC-PERPETUAL settles it in USDC"),
            (#""positions": [{"instrument": "BTC-27MAR26-60000-C", "settlement": "coin", "size": 1, "sizeUnit": "usd"}]"#, "positions[0].sizeUnit",
             "usd applies to coin-settled futures and perpetuals; an option is sized in contracts on one coin"),
            (#""positions": [{"instrument": "BTC-27MAR26-60000-C", "settlement": "coin", "size": 1, "markPrice": 0}]"#, "positions[0].markPrice",
             "must be greater than 0"),
            (#""positions": [{"instrument": "BTC-27MAR26-60000-C", "settlement": "coin", "size": 1, "markPrice": -0.2}]"#, "positions[0].markPrice",
             "must be greater than 0"),
            (#""positions": [{"instrument": "BTC-PERPETUAL", "settlement": "gold", "size": 1}]"#, "positions[0].settlement",
             "must be one of quote, coin"),
            (#""instrumentNames": "cme", "positions": []"#, "instrumentNames", "must be one of bulwark, deribit"),
            (#""accountCurrency": "btc", "positions": []"#, "accountCurrency", "must be USD or a coin's symbol (1 to 20 upper-case letters, digits or '_')"),
            (#""accountCurrency": "DOGE", "positions": [{"instrument": "BTC-PERPETUAL", "size": 1}]"#, "accountCurrency",
             "is required: no index price for the account currency DOGE (market.DOGE.spot) and no price feed is configured for DOGE"),
            (#""accountCurrency": "BTC", "positions": [{"instrument": "BTC-PERPETUAL", "size": 1}], "whatIf": [{"instrument": "BTC-PERPETUAL", "size": 1, "price": 60000}]"#,
             "whatIf", "trades on inverse instruments or in a coin account are not supported yet (docs/INVERSE.md)"),
        ]
        for (fields, field, reason) in cases {
            let (response, json) = client.post("/v1/margin", #"{"asOf": "2026-03-01T08:00:00Z", "market": {"BTC": {"spot": 60000, "vol": 0.6}}, "# + fields + "}")
            #expect(response.status == .unprocessableContent, "\(field)")
            #expect(json?.problemErrors[field] == reason, "\(field): \(json?.problemErrors ?? [:])")
        }
    }

    /// A stored account is booked in USD at USD prices (fills, the ledger, liquidations): it
    /// refuses inverse positions, naming the field, rather than store them as linear.
    @Test func aStoredAccountRefusesInversePositionsForNow() throws {
        let document = try JSONParser.parse(Array(#"{"cash": 10, "positions": [{"instrument": "BTC-PERPETUAL", "settlement": "coin", "size": 1}]}"#.utf8))
        guard case .failure(.invalid(let issues)) = AccountDocument.decode(document, parameters: .standardDefaults) else {
            Issue.record("an inverse position was stored")
            return
        }
        #expect(issues.map(\.field) == ["positions[0].settlement"])
    }
}
