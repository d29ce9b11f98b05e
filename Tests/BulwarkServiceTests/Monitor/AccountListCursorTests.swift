import Testing
@testable import BulwarkService

@Suite struct AccountListCursorTests {
    @Test func orderIsRatioFirstThenNoRequirementThenUnpricedTiesById() {
        let cursors = [AccountListCursor(group: 2, ratio: 0, id: "a"), AccountListCursor(group: 0, ratio: 1.5, id: "b"),
                       AccountListCursor(group: 1, ratio: 0, id: "c"), AccountListCursor(group: 0, ratio: 0.8, id: "z"),
                       AccountListCursor(group: 0, ratio: 0.8, id: "y")]
        #expect(cursors.sorted().map(\.id) == ["y", "z", "b", "c", "a"])
    }

    @Test func aTokenReadsBackToTheSamePositionToTheBit() throws {
        let cursor = AccountListCursor(group: 0, ratio: 0.1 + 0.2, id: "acct:1.a_b-c")
        let read = try #require(AccountListCursor(token: cursor.token))
        #expect(read == cursor && read.ratio.bitPattern == (0.1 + 0.2).bitPattern)
        #expect(!cursor.token.contains("=") && !cursor.token.contains("+") && !cursor.token.contains("/"))
    }

    @Test func tokensThisServiceDidNotMakeAreRefused() {
        for token in ["", "not base64!", "MX4yfg", String(repeating: "A", count: 404), AccountListCursor(group: 3, ratio: 0, id: "a").token,
                      AccountListCursor(group: 0, ratio: 0, id: "..").token] {
            #expect(AccountListCursor(token: token) == nil, "\(token)")
        }
    }
}
