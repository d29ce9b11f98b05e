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
             "whatIf[0].instrument", "settles in USD and the account is in BTC: a fill's premium and P&L are booked in the account's currency (docs/INVERSE.md, \"Stored accounts\")"),
        ]
        for (fields, field, reason) in cases {
            let (response, json) = client.post("/v1/margin", #"{"asOf": "2026-03-01T08:00:00Z", "market": {"BTC": {"spot": 60000, "vol": 0.6}}, "# + fields + "}")
            #expect(response.status == .unprocessableContent, "\(field)")
            #expect(json?.problemErrors[field] == reason, "\(field): \(json?.problemErrors ?? [:])")
        }
    }

    /// A stored account is booked in one currency (fills, the ledger, liquidations): each
    /// position must settle in it, an inverse future be sized in USD, and no mark is stored.
    @Test func aStoredAccountHoldsPositionsSettledInItsCurrency() throws {
        let cases: [(String, String, String)] = [
            (#"{"cash": 10, "positions": [{"instrument": "BTC-PERPETUAL", "settlement": "coin", "size": 1}]}"#, "positions[0].settlement",
             "BTC-PERPETUAL settles in BTC and the account is in USD: a stored account holds positions settled in its own currency (margin mixed books with POST /v1/margin)"),
            (#"{"accountCurrency": "BTC", "positions": [{"instrument": "BTC_USDC-PERPETUAL", "size": 1}]}"#, "positions[0].settlement",
             "BTC_USDC-PERPETUAL settles in USD and the account is in BTC: a stored account holds positions settled in its own currency (margin mixed books with POST /v1/margin)"),
            (#"{"accountCurrency": "BTC", "positions": [{"instrument": "ETH-PERPETUAL", "size": 1, "sizeUnit": "usd"}]}"#, "positions[0].settlement",
             "ETH-PERPETUAL settles in ETH and the account is in BTC: a stored account holds positions settled in its own currency (margin mixed books with POST /v1/margin)"),
            (#"{"accountCurrency": "BTC", "positions": [{"instrument": "BTC-PERPETUAL", "size": 1}]}"#, "positions[0].sizeUnit",
             "must be usd: a stored coin-settled future or perpetual is sized in USD of notional, as its fills are"),
            (#"{"accountCurrency": "BTC", "positions": [{"instrument": "BTC-27MAR26-60000-C", "size": 1, "markPrice": 0.05}]}"#, "positions[0].markPrice",
             "is not stored: a stored mark would not move with the market; give markIv, or let the price source mark it"),
            (#"{"accountCurrency": "BTC", "methodology": {"profile": "derive-pmrm2"}}"#, "accountCurrency",
             "derive-pmrm2 margins USD (USDC) accounts, as its venue does"),
        ]
        for (body, field, reason) in cases {
            guard case .failure(.invalid(let issues)) = AccountDocument.decode(try JSONParser.parse(Array(body.utf8)), parameters: .standardDefaults) else {
                Issue.record("stored: \(body)")
                continue
            }
            #expect(issues.map(\.field) == [field])
            #expect(issues.first?.reason == reason)
        }
    }
}
