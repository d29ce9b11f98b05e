import RiskCore
import Testing
@testable import BulwarkService

@Suite struct AccountTableTests {
    func account(_ id: String, version: Int = 1, exposure: Set<String>) -> MonitoredAccount {
        var account = MonitoredAccount(id: id, version: version, document: AccountDocument(
            portfolio: Portfolio(cash: 1_000, positions: []), mode: .portfolio, methodology: StandardMethodology.profileName))
        account.exposure = exposure
        return account
    }

    @Test func anAccountKeepsItsRowThroughRewritesAndTheRowIsReusedAfterARemoval() throws {
        var table = AccountTable()
        let a = table.put(account("a", exposure: ["BTC"]))
        let b = table.put(account("b", exposure: ["BTC", "ETH"]))
        let c = table.put(account("c", exposure: ["ETH"]))
        #expect([a, b, c] == [0, 1, 2] && table.count == 3)
        #expect(table.put(account("b", version: 2, exposure: ["SOL"])) == b)
        #expect(table["b"]?.version == 2 && table.versions == ["a": 1, "b": 2, "c": 1])
        #expect(table.holds(b, id: "b", version: 2) && !table.holds(b, id: "b", version: 1))

        #expect(table.remove("a")?.id == "a" && table.remove("a") == nil)
        #expect(table["a"] == nil && table.row(of: "a") == nil && table.count == 2)
        #expect(!table.holds(a, id: "a", version: 1))
        // A new account takes the freed row; a tick that selected the old one finds it gone.
        #expect(table.put(account("d", exposure: ["BTC"])) == a)
        #expect(!table.holds(a, id: "a", version: 1) && table.holds(a, id: "d", version: 1))
        #expect(table.allRows == [0, 1, 2] && table.accounts.map(\.id) == ["d", "b", "c"])
        #expect(Set(table.ids) == ["b", "c", "d"])
    }

    @Test func theRowsExposedToAssetsFollowEachAccountsExposureInRowOrderOnce() {
        var table = AccountTable()
        for (index, exposure) in [["BTC"], ["ETH"], ["BTC", "ETH"], ["SOL"], ["BTC"]].enumerated() {
            table.put(account("acct-\(index)", exposure: Set(exposure)))
        }
        #expect(table.rows(exposedToAnyOf: ["BTC"]) == [0, 2, 4])
        #expect(table.rows(exposedToAnyOf: ["ETH", "BTC"]) == [0, 1, 2, 4])
        #expect(table.rows(exposedToAnyOf: ["XRP"]).isEmpty)
        // A rewrite moves the account between assets; a removal takes it out of them.
        table.put(account("acct-2", version: 2, exposure: ["SOL"]))
        _ = table.remove("acct-4")
        #expect(table.rows(exposedToAnyOf: ["BTC"]) == [0])
        #expect(table.rows(exposedToAnyOf: ["SOL"]) == [2, 3])
        #expect(table.accounts(exposedTo: "ETH").map(\.id) == ["acct-1"])
    }

    @Test func anAccountIsWrittenInPlaceThroughItsRow() {
        var table = AccountTable()
        let row = table.put(account("a", exposure: ["BTC"]))
        table[row: row].lastStatus = "liquidatable"
        table[row: row].marketGeneration = 7
        #expect(table["a"]?.lastStatus == "liquidatable" && table[row: row].marketGeneration == 7)
    }
}
