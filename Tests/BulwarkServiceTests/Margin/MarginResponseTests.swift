import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct MarginResponseTests {
    func answer(_ text: String) throws -> JSONValue {
        let request = try MarginRequest.decode(try JSONParser.parse(Array(text.utf8)), allowGrid: false).get()
        let result = try StandardMethodology().margin(request.portfolio, market: request.market, asOf: request.asOf!, mode: request.mode)
        return try JSONParser.parse(MarginResponse.encode(MarginEvaluation(result: result, profile: "standard", parametersHash: "h")))
    }

    @Test func theAnswerNamesEverythingItUsed() throws {
        let json = try answer(#"{"mode":"isolated","asOf":"2026-03-01T08:00:00Z","cash":1000,"positions":[{"instrument":"BTC-PERPETUAL","size":1,"entryPrice":59000}],"market":{"BTC":{"spot":60000}}}"#)
        #expect(json["mode"] == .string("isolated") && json["asOf"] == .string("2026-03-01T08:00:00Z"))
        #expect(json["equity"] == .number(2_000) && json["status"]?.string != nil && json["marginRatio"]?.double != nil)
        #expect(json["positions"]?[0]?["instrument"] == .string("BTC-PERPETUAL") && json["positions"]?[0]?["value"] == .number(1_000))
        #expect(json["breakdown"]?["positions"]?[0]?["index"] == .number(0))
        #expect(json["parameters"]?["hash"] == .string("h") && json["parameters"]?["version"] == .string(RiskParameters.standardDefaults.version))
    }
}
