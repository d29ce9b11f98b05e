import BulwarkJSON
import Foundation
import RiskCore
import Testing
@testable import BulwarkService

/// The promises every store keeps, run against each backend (docs/ARCHITECTURE.md, "Storage").
@Suite struct StoreContractTests {
    struct Refused: Error {}

    @Test(arguments: StoreBackend.all)
    func accountsAreVersionedDocuments(_ backend: StoreBackend) throws {
        let store = try backend.make()
        let first = try store.write { try $0.accounts.save(id: "b", document: .object(["cash": .number(10)]), now: 100) }
        #expect(first == StoredAccount(id: "b", version: 1, document: .object(["cash": .number(10)]), updatedAt: 100))
        let second = try store.write { try $0.accounts.save(id: "b", document: .object(["cash": .number(-2.5)]), now: 101) }
        #expect(second.version == 2 && second.etag == "\"v2\"")
        _ = try store.write { try $0.accounts.save(id: "a", document: .object([:]), now: 102) }
        #expect(try store.read { try $0.accounts.account("b") } == second)
        #expect(try store.read { try $0.accounts.all().map(\.id) } == ["a", "b"])
        #expect(try store.read { try $0.accounts.count() } == 2)
        #expect(try store.read { try $0.accounts.versions() } == ["a": 1, "b": 2])
        #expect(try store.read { try $0.accounts.accounts(["b", "missing", "a", "b"]) }.map(\.id) == ["a", "b"])
        #expect(try store.read { try $0.accounts.accounts(["b"]) } == [second])
        #expect(try store.read { try $0.accounts.accounts([]) }.isEmpty)
        #expect(try store.write { try $0.accounts.delete(id: "b") })
        #expect(try !store.write { try $0.accounts.delete(id: "b") })
        #expect(try store.read { try $0.accounts.account("b") } == nil)
        // A new account under a deleted id starts again at version 1.
        #expect(try store.write { try $0.accounts.save(id: "b", document: .null, now: 103) }.version == 1)
    }

    @Test(arguments: StoreBackend.all)
    func aWriteThatThrowsLeavesNothing(_ backend: StoreBackend) throws {
        let store = try backend.make()
        #expect(throws: Refused.self) {
            try store.write { (transaction: any StoreTransaction) throws in
                try transaction.accounts.save(id: "a", document: .object(["cash": .number(1)]), now: 1)
                var journal = LedgerJournal(reason: "deposit")
                journal.transfer(1, from: LedgerJournal.external, to: LedgerJournal.account("a"))
                try transaction.ledger.post(journal, now: 1)
                _ = try transaction.events.append([MonitorEvent(type: "account.status", account: "a", time: 1, payload: JSONObject())])
                try transaction.idempotency.remember(key: "k", response: IdempotentResponse(requestHash: "h", status: 201, etag: nil, body: []), now: 1)
                throw Refused()
            }
        }
        try store.read { (transaction: any StoreTransaction) throws in
            #expect(try transaction.accounts.count() == 0)
            #expect(try transaction.ledger.balances().entries == 0)
            #expect(try transaction.events.lastID() == 0)
        }
        #expect(try store.write { try $0.idempotency.response(key: "k", now: 1) } == nil)
    }

    @Test(arguments: StoreBackend.all)
    func aReadTransactionRefusesWrites(_ backend: StoreBackend) throws {
        let store = try backend.make()
        #expect(throws: (any Error).self) { try store.read { try $0.accounts.save(id: "a", document: .null, now: 1) } }
        #expect(try store.read { try $0.accounts.count() } == 0)
    }

    @Test(arguments: StoreBackend.all)
    func theLedgerTakesOnlyBalancedJournals(_ backend: StoreBackend) throws {
        let store = try backend.make()
        var deposit = LedgerJournal(reason: "deposit")
        deposit.transfer(100, from: LedgerJournal.external, to: LedgerJournal.account("a"))
        var trade = LedgerJournal(reason: "trade")
        trade.transfer(2, from: LedgerJournal.account("a"), to: LedgerJournal.fees)
        trade.transfer(0, from: LedgerJournal.market, to: LedgerJournal.account("a"))
        try store.write { (transaction: any StoreTransaction) throws in
            try transaction.ledger.post(deposit, now: 10)
            try transaction.ledger.post(trade, now: 11)
        }
        let unbalanced = LedgerJournal(reason: "bug", lines: [.init(book: LedgerJournal.fees, amount: 1)])
        #expect(throws: LedgerError.self) { try store.write { try $0.ledger.post(unbalanced, now: 12) } }

        try store.read { (transaction: any StoreTransaction) throws in
            let ledger = transaction.ledger
            #expect(try ledger.balance(of: LedgerJournal.account("a")) == 98)
            #expect(try ledger.balance(of: "nobody") == 0)
            let balances = try ledger.balances()
            #expect(balances.books.map(\.book) == [LedgerJournal.account("a"), LedgerJournal.external, LedgerJournal.fees])
            #expect(balances.books.map(\.balance) == [98, -100, 2])
            #expect(balances.total == 0 && balances.entries == 4)
            let entries = try ledger.entries(book: nil, after: 0, limit: 10)
            // The zero line is not stored; each journal has its own number.
            #expect(entries.map(\.journal) == [1, 1, 2, 2])
            #expect(entries.map(\.amount) == [-100, 100, -2, 2])
            #expect(entries.map(\.reason) == ["deposit", "deposit", "trade", "trade"])
            #expect(entries.map(\.createdAt) == [10, 10, 11, 11])
            #expect(try ledger.entries(book: nil, after: entries[1].id, limit: 1).map(\.id) == [entries[2].id])
            #expect(try ledger.entries(book: LedgerJournal.fees, after: 0, limit: 10).map(\.amount) == [2])
        }
    }

    @Test(arguments: StoreBackend.all)
    func eventsGetIncreasingIdsAndRememberWhereTheMonitorLeftOff(_ backend: StoreBackend) throws {
        let store = try backend.make()
        func status(_ account: String, _ to: String, _ time: Double) -> MonitorEvent {
            MonitorEvent(type: "account.status", account: account, time: time, payload: JSONObject(pairs: ["to": .string(to)]))
        }
        func pause(_ type: String, _ asset: String, _ time: Double) -> MonitorEvent {
            MonitorEvent(type: type, time: time, payload: JSONObject(pairs: ["asset": .string(asset), "reason": .string("volatile")]))
        }
        let stored = try store.write { try $0.events.append([status("a", "healthy", 1), status("a", "liquidatable", 2), status("b", "healthy", 3),
                                                             pause("liquidations.paused", "BTC", 4), pause("liquidations.paused", "ETH", 5),
                                                             pause("liquidations.resumed", "BTC", 6)]) }
        let ids = stored.map(\.id)
        #expect(ids == ids.sorted() && Set(ids).count == 6 && ids[0] > 0)
        try store.read { (transaction: any StoreTransaction) throws in
            let events = transaction.events
            #expect(try events.lastID() == ids[5])
            #expect(try events.events(after: ids[1], limit: 2) == Array(stored[2...3]))
            #expect(try events.lastStatuses() == ["a": "liquidatable", "b": "healthy"])
            #expect(try events.pausedAssets() == ["ETH": "volatile"])
        }
        #expect(try store.write { try $0.events.prune(before: 3) } == 2)
        #expect(try store.read { try $0.events.events(after: 0, limit: 10).map(\.id) } == Array(ids[2...]))
    }

    /// A tick can announce thousands of transitions in one write: all kept, in order, with
    /// the account (or none) and payload each was given.
    @Test(arguments: StoreBackend.all)
    func manyEventsInOneWriteKeepTheirOrderAndFields(_ backend: StoreBackend) throws {
        let store = try backend.make()
        let events = (0..<2_501).map { (index: Int) -> MonitorEvent in
            let asset = index % 7 == 0
            let payload = JSONObject(pairs: ["n": .number(Double(index)), "note": .string("it's \"\(index)\"")])
            return MonitorEvent(type: asset ? "liquidations.paused" : "account.status", account: asset ? nil : "acct-\(index)",
                                time: Double(index), payload: payload)
        }
        let stored = try store.write { try $0.events.append(events) }
        let ids = stored.map { $0.id }
        #expect(ids == ids.sorted() && Set(ids).count == events.count)
        let read = try store.read { try $0.events.events(after: 0, limit: 10_000) }
        #expect(read == stored)
        #expect(read.map { $0.account } == events.map { $0.account })
        #expect(read.map { $0.type } == events.map { $0.type })
        #expect(read.map { $0.payload } == events.map { $0.payload })
    }

    @Test(arguments: StoreBackend.all)
    func idempotencyRecordsAreReplayedForADay(_ backend: StoreBackend) throws {
        let store = try backend.make()
        let answer = IdempotentResponse(requestHash: "abc", status: 201, etag: "\"v1\"", body: Array(#"{"id":"a"}"#.utf8))
        try store.write { try $0.idempotency.remember(key: "key-1", response: answer, now: 1_000) }
        #expect(try store.write { try $0.idempotency.response(key: "key-1", now: 1_000 + IdempotentResponse.retention) } == answer)
        #expect(try store.write { try $0.idempotency.response(key: "key-2", now: 1_000) } == nil)
        #expect(try store.write { try $0.idempotency.response(key: "key-1", now: 1_001 + IdempotentResponse.retention) } == nil)
    }

    @Test(arguments: StoreBackend.all)
    func everySaveAndDeleteIsAnAccountChangeInCommitOrder(_ backend: StoreBackend) throws {
        let store = try backend.make()
        #expect(try store.read { try $0.accounts.lastChange() } == 0)
        try store.write { transaction in
            try transaction.accounts.save(id: "a", document: .object([:]), now: 1)
            try transaction.accounts.save(id: "b", document: .object([:]), now: 2)
        }
        try store.write { transaction in
            try transaction.accounts.save(id: "a", document: .object(["cash": .number(1)]), now: 3)
            _ = try transaction.accounts.delete(id: "b")
            _ = try transaction.accounts.delete(id: "never")
        }
        let changes = try store.read { try $0.accounts.changes(after: 0, limit: 10) }
        #expect(changes.map(\.account) == ["a", "b", "a", "b"])
        #expect(zip(changes, changes.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        #expect(try store.read { try $0.accounts.changes(after: changes[1].sequence, limit: 1) }.map(\.account) == ["a"])
        #expect(try store.read { try $0.accounts.lastChange() } == changes.last?.sequence)
        // Saved at 1 and 2: pruning before 2.5 forgets those two.
        #expect(try store.write { try $0.accounts.pruneChanges(before: 2.5) } == 2)
    }

    @Test(arguments: StoreBackend.all)
    func onePricePublisherAtATimeAndItsLatestTick(_ backend: StoreBackend) throws {
        let store = try backend.make()
        func claim(_ id: String, ttl: Double = 30) throws -> ShardLease? {
            try store.write { try $0.cluster.publisher(instance: id, ttl: ttl) }
        }
        #expect(try claim("a", ttl: 0.2) == ShardLease(shard: -1, epoch: 1))
        #expect(try claim("b") == nil)
        #expect(try store.read { try $0.cluster.view(shardCount: 4) }.pricePublisher == "a")
        usleep(400_000)
        // Lapsed: "b" claims it at a new epoch; "a" is refused until that lapses in turn.
        #expect(try claim("b") == ShardLease(shard: -1, epoch: 2))
        #expect(try claim("a") == nil)
        #expect(try claim("b") == ShardLease(shard: -1, epoch: 2))
        #expect(try store.read { try $0.cluster.view(shardCount: 4) }.unowned == [0, 1, 2, 3])
        // The tick: one, replaced.
        #expect(try store.read { try $0.prices.publishedTick() } == nil)
        for price in [60_000.0, 60_100] {
            try store.write { try $0.prices.savePublishedTick(PublishedTick(publisher: "b", publishedAt: price / 1_000,
                                                                            document: .object(["BTC": .number(price)]))) }
        }
        #expect(try store.read { try $0.prices.publishedTick() } == PublishedTick(publisher: "b", publishedAt: 60.1, document: .object(["BTC": .number(60_100)])))
    }

    @Test(arguments: StoreBackend.all)
    func shardLeasesSplitEvenlyExpireAndFence(_ backend: StoreBackend) throws {
        let store = try backend.make()
        func beat(_ id: String, ttl: Double = 30) throws -> [ShardLease] {
            try store.write { try $0.cluster.heartbeat(instance: id, address: id == "a" ? "http://10.0.0.1:8080" : nil, shardCount: 8, ttl: ttl) }
        }
        // Alone, "a" takes every shard; once "b" beats, "a" gives back the top half at its next
        // beat and "b" claims it at its following one.
        #expect(try beat("a").map(\.shard) == Array(0..<8))
        #expect(try beat("b").isEmpty)
        #expect(try beat("a").map(\.shard) == [0, 1, 2, 3])
        let b = try beat("b")
        #expect(b.map(\.shard) == [4, 5, 6, 7] && b.allSatisfy { $0.epoch == 2 })
        let view = try store.read { try $0.cluster.view(shardCount: 8) }
        #expect(view.instances.map(\.id) == ["a", "b"] && view.instances.map(\.shards) == [[0, 1, 2, 3], [4, 5, 6, 7]] && view.unowned.isEmpty)
        // Where the others reach each instance: as it last advertised, or nowhere.
        #expect(view.instances.map(\.address) == ["http://10.0.0.1:8080", nil])
        #expect(try store.read { try $0.cluster.lease(of: 4) } == ShardLeaseRecord(shard: 4, owner: "b", epoch: 2, expiresAt: try #require(try store.read { try $0.cluster.lease(of: 4) }).expiresAt))
        #expect(try store.read { try $0.cluster.lease(of: 99) } == nil)
        #expect(try store.read { try $0.cluster.holds(b[0], instance: "b") })
        #expect(try store.read { try $0.cluster.holds(b[0], instance: "a") } == false)
        // "b" stops beating with a short lease: once it expires "a" takes everything back at new
        // epochs, and b's old lease no longer fences in.
        _ = try beat("b", ttl: 0.2)
        usleep(400_000)
        let a = try beat("a")
        #expect(a.map(\.shard) == Array(0..<8))
        #expect(a.first { $0.shard == 4 }?.epoch == 3)
        #expect(try store.read { try $0.cluster.holds(b[0], instance: "b") } == false)
        #expect(try store.read { try $0.cluster.view(shardCount: 8) }.instances.map(\.id) == ["a"])
        // A clean stop frees the shards at once.
        try store.write { try $0.cluster.leave(instance: "a") }
        let empty = try store.read { try $0.cluster.view(shardCount: 8) }
        #expect(empty.instances.isEmpty && empty.unowned == Array(0..<8))
    }

    @Test(arguments: StoreBackend.all)
    func calibrationsAreKeptInOrderAndUpdatedInPlace(_ backend: StoreBackend) throws {
        let store = try backend.make()
        var first = CalibrationRecord(id: "cal-1", createdAt: 3, requester: "risk-1", request: .object(["paths": .object(["seeded": .number(4)])]))
        let second = CalibrationRecord(id: "cal-2", createdAt: 4, requester: "risk-2", request: .object([:]))
        try store.write { (transaction: any StoreTransaction) throws in
            try transaction.governance.save(first, now: 3)
            try transaction.governance.save(second, now: 4)
            first.status = .completed
            first.baseHash = "abc"
            first.startedAt = 5
            first.completedAt = 6.5
            first.result = .object(["met": .bool(true)])
            first.proposalID = "prop-1"
            try transaction.governance.save(first, now: 7)
        }
        try store.read { (transaction: any StoreTransaction) throws in
            let governance = transaction.governance
            #expect(try governance.calibrationCount() == 2)
            #expect(try governance.calibrations().map(\.id) == ["cal-1", "cal-2"])
            let stored = try #require(try governance.calibration("cal-1"))
            #expect(stored.status == .completed && stored.baseHash == "abc" && stored.startedAt == 5 && stored.completedAt == 6.5)
            #expect(stored.result == .object(["met": .bool(true)]) && stored.proposalID == "prop-1" && stored.request == first.request)
            #expect(try governance.calibration("cal-2")?.status == .queued && governance.calibration("cal-3") == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func governanceKeepsVersionsProposalsAndAChainedAudit(_ backend: StoreBackend) throws {
        let store = try backend.make()
        let configured = RiskParameters.standardDefaults
        var proposedSet = configured
        proposedSet.initialMarginFactor = 1.3
        try store.write { (transaction: any StoreTransaction) throws in
            try transaction.governance.recordVersion(configured, createdAt: 5)
            try transaction.governance.recordVersion(configured, createdAt: 6)
        }
        try store.read { (transaction: any StoreTransaction) throws in
            let versions = try transaction.governance.versions()
            #expect(versions.map(\.version) == [configured.version] && versions[0].createdAt == 5)
            #expect(versions[0].parameters?.hash == configured.hash && versions[0].activatedAt == nil)
            #expect(try transaction.governance.latestActivatedVersion() == nil)
        }
        var proposal = Proposal(id: "prop-1", createdAt: 7, proposer: "risk-1", rationale: "why", changes: .object([:]),
                                baseHash: configured.hash, proposed: proposedSet, status: .backtesting)
        try store.write { (transaction: any StoreTransaction) throws in
            try transaction.governance.save(proposal, now: 7)
            proposal.status = .active
            try transaction.governance.save(proposal, now: 8)
            try transaction.governance.recordActivation(proposedSet, at: 9, proposalID: "prop-1")
            try transaction.governance.audit(time: 7, actor: "risk-1", action: "proposal.submitted", proposal: "prop-1", detail: JSONObject())
            try transaction.governance.audit(time: 9, actor: "system", action: "parameters.activated", proposal: "prop-1",
                                             detail: JSONObject(pairs: ["hash": .string(proposedSet.hash)]))
        }
        try store.read { (transaction: any StoreTransaction) throws in
            let governance = transaction.governance
            #expect(try governance.proposalCount() == 1)
            #expect(try governance.proposal("prop-1")?.status == .active)
            #expect(try governance.proposals().map(\.id) == ["prop-1"])
            let latest = try governance.latestActivatedVersion()
            #expect(latest?.version == proposedSet.version && latest?.activatedAt == 9 && latest?.proposalID == "prop-1")
            #expect(try governance.version(proposedSet.version)?.hash == proposedSet.hash)
            let audit = try governance.auditEntries()
            #expect(audit.map(\.action) == ["proposal.submitted", "parameters.activated"])
            #expect(audit[0].previousHash == AuditEntry.genesisHash && audit[1].previousHash == audit[0].hash)
            #expect(try governance.lastAuditHash() == audit[1].hash)
            #expect(AuditEntry.chainIsValid(audit))
        }
    }

    @Test(arguments: StoreBackend.all)
    func theVenuesLatestPricePerAssetIsKept(_ backend: StoreBackend) throws {
        let store = try backend.make()
        try store.write { (transaction: any StoreTransaction) throws in
            try transaction.prices.save(VenuePrice(asset: "ETH", price: 3_000, timestamp: 10, receivedAt: 11))
            try transaction.prices.save(VenuePrice(asset: "BTC", price: 90_000, confidence: 0.99, timestamp: 10, receivedAt: 11))
            try transaction.prices.save(VenuePrice(asset: "BTC", price: 90_500.25, confidence: nil, timestamp: 12, receivedAt: 13))
        }
        #expect(try store.read { try $0.prices.all() } == [VenuePrice(asset: "BTC", price: 90_500.25, confidence: nil, timestamp: 12, receivedAt: 13),
                                                             VenuePrice(asset: "ETH", price: 3_000, timestamp: 10, receivedAt: 11)])
    }
}
