import Testing
@testable import BulwarkService

@Suite struct IdentifierTests {
    @Test(arguments: ["a", "acct-1", "Desk_A.7:x", String(repeating: "z", count: 128), ".a", "a.."])
    func acceptsLettersDigitsAndFourMarks(_ id: String) {
        #expect(Identifier.isValid(id))
    }

    @Test(arguments: ["", ".", "..", "...", "a b", "a/b", "ü", String(repeating: "z", count: 129), "a%2F"])
    func refusesWhatAURLCouldNotAddress(_ id: String) {
        #expect(!Identifier.isValid(id))
    }
}
