import BulwarkJSON
import Testing
@testable import PriceOracle

@Suite struct OracleConfigurationTests {
    static func parse(_ text: String) throws -> OracleConfiguration {
        try OracleConfiguration.parse(try JSONParser.parse(Array(text.utf8))).get()
    }

    @Test func embeddedDefaultCoversBitcoinEtherAndStablecoins() throws {
        let configuration = try OracleConfigurationTests.parse(OracleConfiguration.embeddedDefaultJSON)
        #expect(Set(configuration.assets.keys) == ["BTC", "ETH", "USDC", "USDT"])
        #expect(configuration.assets["BTC"]!.sources.count == 6)
        #expect(configuration.assets["BTC"]!.sources.allSatisfy { $0.feed.url.hasPrefix("https://") })
        #expect(configuration.optionSources.count == 2)
        #expect(OracleConfiguration.embeddedDefault.assets.count == 4)
    }

    @Test func refusesBadConfigurationByPath() throws {
        let bad = try JSONParser.parse(Array("""
        {"assets": {"BTC": {"quorum": 5, "sources": [{"type": "binance"}, {"type": "nope"}, {"type": "kraken", "pair": "X", "color": 1}]}},
         "options": [{"type": "binance", "symbol": "X"}], "extra": true}
        """.utf8))
        guard case .failure(let error) = OracleConfiguration.parse(bad) else { Issue.record("accepted"); return }
        let text = error.description
        #expect(text.contains("oracle.assets.BTC.sources[0].symbol must be a non-empty string"))
        #expect(text.contains("oracle.assets.BTC.sources[1].type must be one of"))
        #expect(text.contains("oracle.assets.BTC.sources[2].color is not a key of a kraken source"))
        #expect(text.contains("oracle.options[0] must be a deribit-ticker or deribit-book-summary source"))
        #expect(text.contains("oracle.extra is not a known key"))
    }

    @Test func canBeDisabled() throws {
        #expect(try OracleConfigurationTests.parse(#"{"enabled": false}"#).isEmpty)
    }
}
