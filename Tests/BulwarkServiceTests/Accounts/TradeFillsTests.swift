import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct TradeFillsTests {
    func decode(_ text: String) -> Result<TradeFills, APIError> {
        TradeFills.decode((try? JSONParser.parse(Array(text.utf8))) ?? .null)
    }

    @Test func fillsAreReadWithTheirFeesDefaultingToZero() throws {
        let fills = try decode(#"{"fills":[{"instrument":"BTC-PERPETUAL","size":"-0.5","price":91000,"fee":4.5},{"instrument":"BTC-26MAR27-100000-C","size":1,"price":0}]}"#).get()
        #expect(fills.fills == [TradeFill(instrument: .perpetual("BTC"), size: -0.5, price: 91_000, fee: 4.5),
                                TradeFill(instrument: Instrument(deribitName: "BTC-26MAR27-100000-C")!, size: 1, price: 0, fee: 0)])
    }

    @Test func eachBadFillIsNamed() {
        guard case .failure(.invalid(let issues)) = decode(#"{"fills":[{"instrument":"BTC-PERPETUAL","size":0,"price":0},{"instrument":"BTC-PERPETUAL","size":1,"price":1,"fees":1}]}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(Set(issues.map(\.field)) == ["fills[0].size", "fills[0].price", "fills[1].fees"])
        guard case .failure(.invalid(let empty)) = decode(#"{"fills":[]}"#) else { Issue.record("accepted"); return }
        #expect(empty.map(\.field) == ["fills"])
    }
}
