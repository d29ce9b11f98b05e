import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct APIErrorTests {
    /// The problem's `errors` member as field -> reason.
    func errors(_ error: APIError) -> [String: String] {
        (try? JSONParser.parse(error.response(instance: "/").body))?.problemErrors ?? [:]
    }

    @Test func theCoresParameterIssuesAreNamedWhereARequestGivesThem() {
        let error = APIError(RiskError.invalidParameters([ValidationIssue(field: "VolShock.DTE_FLOOR", reason: "must be greater than 0")]))
        #expect(errors(error) == ["methodology.parameters.VolShock.DTE_FLOOR": "must be greater than 0"])
    }

    @Test func missingMarketDataIsNamedByItsRequestField() {
        let cases: [(MissingMarketData, String, String)] = [
            (.spot(asset: "SOL"), "market.SOL.spot", "no price for SOL"),
            (.volatility(position: 2), "positions[2].markIv", "no mark IV for X and no ATM volatility (market.SOL.vol)"),
            (.collateralPrice(holding: 1), "collateral[1].price", "no price for SOL"),
        ]
        for (missing, field, reason) in cases {
            let core = missing == .volatility(position: 2) ? "no mark IV for X and no ATM volatility" : "no price for SOL"
            guard case .missingMarketData(let asset, let mappedField, let mappedReason) = APIError(.missingMarketData(asset: "SOL", missing: missing, reason: core)) else {
                Issue.record("\(missing) was not mapped to missing market data")
                continue
            }
            #expect(asset == "SOL" && mappedField == field && mappedReason == reason)
        }
    }
}
