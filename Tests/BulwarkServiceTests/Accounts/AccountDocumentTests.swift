import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct AccountDocumentTests {
    @Test func theStoredFormReadsBackToTheSameDocument() throws {
        let text = #"{"cash":"1000.5","mode":"cross","methodology":{"profile":"deribit-pm"},"collateral":[{"asset":"ETH","amount":2,"haircut":{"initial":0.1,"maintenance":0.05}}],"positions":[{"instrument":"BTC-PERPETUAL","size":-0.25,"entryPrice":60000}]}"#
        let document = try AccountDocument.decode(try JSONParser.parse(Array(text.utf8)), parameters: .standardDefaults).get()
        #expect(document.portfolio.cash == 1_000.5 && document.mode == .cross && document.methodology == "deribit-pm")
        let again = try AccountDocument.decode(document.json, parameters: .standardDefaults).get()
        #expect(again.json == document.json)
        #expect(document.json["positions"]?[0]?["instrument"] == .string("BTC-PERPETUAL"))
    }

    @Test func anUnknownProfileIsRefusedNamingTheKnownOnes() {
        guard case .failure(.invalid(let issues)) = AccountDocument.decode(.object(["methodology": .object(["profile": .string("spam")])]),
                                                                           parameters: .standardDefaults) else {
            Issue.record("accepted")
            return
        }
        #expect(issues == [ValidationIssue(field: "methodology.profile", reason: "unknown profile 'spam'; known: standard, deribit-pm, derive-pmrm2, derive-srm, span16")])
    }
}
