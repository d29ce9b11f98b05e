import BulwarkJSON
import Testing
import RiskCore
@testable import BulwarkService

@Suite struct ProposalTests {
    func proposal() -> Proposal {
        var proposed = RiskParameters.standardDefaults
        proposed.initialMarginFactor = 1.3
        return Proposal(id: "prop-1", createdAt: 1_000, proposer: "risk-1", rationale: "thinner books",
                        changes: .object(["initialMarginFactor": .number(1.3)]), baseHash: RiskParameters.standardDefaults.hash,
                        proposed: proposed, status: .backtesting)
    }

    @Test func theSignedStatementBindsIdHashesChangesAndRationale() {
        let proposal = proposal()
        let statement = String(decoding: proposal.canonicalStatement, as: UTF8.self)
        #expect(statement.hasPrefix(#"{"baseParametersHash":""#) && statement.contains(#""id":"prop-1""#) && statement.contains(#""rationale":"thinner books""#))
        #expect(proposal.hash == CanonicalForm.sha256Hex(proposal.canonicalStatement))
        var other = proposal
        other.rationale = "thinner books!"
        #expect(other.hash != proposal.hash)
    }

    @Test func theStoredFormReadsBackWhole() throws {
        var proposal = proposal()
        proposal.status = .approved
        proposal.approvals = [.init(keyID: "council-1", signature: "c2ln", at: 1_005.5)]
        proposal.requiredQuorum = 2
        proposal.activatesAt = 2_000.25
        let read = try #require(Proposal(stored: proposal.storedJSON))
        #expect(read.hash == proposal.hash && read.status == .approved && read.approvals == proposal.approvals)
        #expect(read.requiredQuorum == 2 && read.activatesAt == 2_000.25 && read.proposed == proposal.proposed)
        #expect(Proposal(stored: .object(["id": .string("x")])) == nil)
    }
}
