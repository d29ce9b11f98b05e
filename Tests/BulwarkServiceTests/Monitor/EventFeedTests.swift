import BulwarkJSON
import Foundation
import Logging
import Testing
@testable import BulwarkService

@Suite struct EventFeedTests {
    func feed() throws -> EventFeed {
        let store = try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-feed-\(UUID().uuidString)").path)
        return EventFeed(store: store, logger: Logger(label: "test"))
    }

    @Test func publishedEventsAreStoredWithIdsAndWakeTheWaiters() throws {
        let feed = try feed()
        #expect(feed.latestID == 0 && !feed.wait(after: 0, timeout: 0.01))
        let stored = feed.publish([MonitorEvent(type: "liquidations.paused", time: 1, payload: JSONObject(pairs: ["asset": .string("BTC")]))])
        #expect(stored.count == 1 && stored[0].id > 0 && feed.latestID == stored[0].id)
        #expect(feed.wait(after: 0, timeout: 0.01) && !feed.wait(after: stored[0].id, timeout: 0.01))
        #expect(try feed.events(after: 0, limit: 10) == stored)
        #expect(feed.publish([]).isEmpty)
    }

    @Test func aWaiterWakesOnACommitFromAnotherThread() throws {
        let feed = try feed()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            _ = feed.publish([MonitorEvent(type: "account.status", account: "a", time: 2, payload: JSONObject())])
            done.signal()
        }
        #expect(feed.wait(after: 0, timeout: 10))
        done.wait()
    }

    @Test func pruningKeepsTheLatestId() throws {
        let feed = try feed()
        let stored = feed.publish([MonitorEvent(type: "account.status", account: "a", time: 10, payload: JSONObject())])
        feed.prune(olderThan: 100)
        #expect(try feed.events(after: 0, limit: 10).isEmpty && feed.latestID == stored[0].id)
    }
}
