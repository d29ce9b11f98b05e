import BulwarkJSON
import Testing
@testable import BulwarkService

@Suite struct AuditEntryTests {
    func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var previous = AuditEntry.genesisHash
        for index in 0..<count {
            let detail = JSONObject(pairs: ["n": .number(Double(index))])
            let hash = AuditEntry.hash(time: Double(index), actor: "system", action: "proposal.submitted", proposalID: "prop-1",
                                       detail: detail, previousHash: previous)
            entries.append(AuditEntry(id: Int64(index + 1), time: Double(index), actor: "system", action: "proposal.submitted",
                                      proposalID: "prop-1", detail: detail, previousHash: previous, hash: hash))
            previous = hash
        }
        return entries
    }

    @Test func eachHashCoversTheEntryAndTheOneBefore() {
        let entries = chain(3)
        #expect(AuditEntry.chainIsValid(entries) && AuditEntry.chainIsValid([]))
        #expect(entries[0].hash.count == 64 && Set(entries.map(\.hash)).count == 3)
    }

    @Test func anEditAnywhereBreaksTheChain() {
        var edited = chain(3)
        edited[1].actor = "mallory"
        #expect(!AuditEntry.chainIsValid(edited))
        var removed = chain(3)
        removed.remove(at: 1)
        #expect(!AuditEntry.chainIsValid(removed))
    }
}
