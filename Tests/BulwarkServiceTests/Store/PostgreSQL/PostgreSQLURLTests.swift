import Testing
@testable import BulwarkService

@Suite struct PostgreSQLURLTests {
    @Test func readsEveryPartAndHidesThePassword() throws {
        let url = try PostgreSQLURL.parse("postgresql://risk:s%40cret@db.internal:6432/book").get()
        #expect(url.user == "risk" && url.password == "s@cret" && url.host == "db.internal" && url.port == 6432 && url.database == "book")
        #expect(url.description == "postgresql://risk@db.internal:6432/book")
        let defaults = try PostgreSQLURL.parse("postgres://bulwark@127.0.0.1/bulwark").get()
        #expect(defaults.port == 5432 && defaults.password == nil)
    }

    @Test func refusesWhatIsNotAStoreURL() {
        for (text, reason) in [("mysql://u@h/d", "must start postgresql://"), ("postgresql://h/d", "names no user"),
                               ("postgresql://u@h", "names no database"), ("postgresql://u@h/", "names no database"),
                               ("postgresql://u@h/a/b", "names no database"), ("./data", "must start postgresql://")] {
            guard case .failure(let error) = PostgreSQLURL.parse(text) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(error.reason.contains(reason), "\(text): \(error.reason)")
        }
    }
}
