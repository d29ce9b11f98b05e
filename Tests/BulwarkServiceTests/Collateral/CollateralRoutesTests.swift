import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct CollateralRoutesTests {
    let client = APIClient()

    @Test func listsTheRegistry() throws {
        let (response, json) = client.call(.get, "/v1/collateral/haircuts")
        #expect(response.status == .ok)
        let assets = try #require(json?["assets"]?.array)
        let symbols = assets.compactMap { $0["asset"]?.string }
        #expect(Set(["USDC", "USDT", "BTC", "ETH", "WBTC", "STETH", "ETH_USDC_LP", "UNI"]).isSubset(of: Set(symbols)))
    }

    @Test func oneAssetAgainstAnExposure() throws {
        let (response, json) = client.call(.get, "/v1/collateral/haircuts/eth?amount=10&price=3000&against=ETH&direction=long")
        #expect(response.status == .ok)
        let expected = HaircutModel(parameters: RiskParameters.standardDefaults.collateral)
            .haircut(asset: "ETH", amount: 10, price: 3_000, exposures: ["ETH": .long])!
        #expect(json?["haircut"]?.double == expected.total)
        #expect(json?["components"]?["correlation"]?.double == 0.1)
        #expect(json?["value"]?.double == 30_000 * (1 - expected.total))
        let (short, shortJSON) = client.call(.get, "/v1/collateral/haircuts/ETH?against=ETH&direction=short")
        #expect(short.status == .ok && shortJSON?["components"]?["correlation"]?.double == 0)
    }

    @Test func haircutQueryErrors() {
        #expect(client.call(.get, "/v1/collateral/haircuts/NOPE").0.status == .notFound)
        let (bad, json) = client.call(.get, "/v1/collateral/haircuts/ETH?amount=-1&direction=up&against=ETH")
        #expect(bad.status == .unprocessableContent)
        #expect(json?.problemErrors["amount"] != nil && json?.problemErrors["direction"] != nil)
        #expect(client.call(.get, "/v1/collateral/haircuts/ETH?amount=5").1?.problemErrors["price"] != nil)
    }
}
