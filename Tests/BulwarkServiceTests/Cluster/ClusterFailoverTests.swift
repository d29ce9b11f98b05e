import BulwarkJSON
import Foundation
import Glibc
import Testing
import TestSupport
@testable import BulwarkService

/// Real `bulwark serve` processes on one PostgreSQL database: killed (-9) or frozen (SIGSTOP),
/// an instance's shards are taken by the others within the lease and a few seconds.
@Suite(.enabled(if: StoreBackend.postgresql != nil, "BULWARK_TEST_POSTGRES names no server"), .serialized)
struct ClusterFailoverTests {
    static let leaseSeconds = 2.0

    func start(_ id: String, _ url: PostgreSQLURL) throws -> ServiceProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cluster-\(id)-\(UUID().uuidString)").path
        return try ServiceProcess(dataDirectory: directory, config: #"""
            {"oracle": {"enabled": false}, "auth": {"anonymous": "admin"}, "store": "\#(url.description)", "instanceId": "\#(id)",
             "cluster": {"leaseSeconds": \#(Self.leaseSeconds), "heartbeatSeconds": 0.5}}
            """#)
    }

    /// Each live instance's id and how many shards it holds, as `GET /v1/cluster` on `service` says.
    func shards(_ service: ServiceProcess) -> [String: Int] {
        guard let client = try? BlockingHTTPClient(port: service.port), let (status, body) = client.request("GET", "/v1/cluster"),
              status == 200, let cluster = try? JSONParser.parse(Array(body.utf8)), case .array(let instances)? = cluster["instances"] else { return [:] }
        var counts: [String: Int] = [:]
        for instance in instances {
            if case .string(let id)? = instance["id"], case .array(let shards)? = instance["shards"] { counts[id] = shards.count }
        }
        return counts
    }

    @Test func killedAndFrozenInstancesLoseTheirShardsWithinTheLease() throws {
        let server = try PostgreSQLURL.parse(ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES"] ?? "").get()
        let url = try StoreBackend.freshDatabase(on: server)
        let a = try start("a", url)
        let b = try start("b", url)
        defer { b.terminate() }
        #expect(waitUntil(seconds: 15) { shards(b) == ["a": 32, "b": 32] }, "\(shards(b))")

        // kill -9: no goodbye; "b" takes the 32 once a's leases lapse.
        a.kill9()
        var gone = Date()
        #expect(waitUntil(seconds: 15) { shards(b) == ["b": 64] }, "\(shards(b))")
        #expect(Date().timeIntervalSince(gone) < Self.leaseSeconds + 3, "took \(Date().timeIntervalSince(gone)) s")

        // SIGSTOP: a frozen process keeps its sockets; its leases lapse all the same, and once
        // thawed it finds its shards taken and claims its share again.
        let c = try start("c", url)
        defer { c.terminate() }
        #expect(waitUntil(seconds: 15) { shards(b) == ["b": 32, "c": 32] }, "\(shards(b))")
        kill(c.process.processIdentifier, SIGSTOP)
        gone = Date()
        #expect(waitUntil(seconds: 15) { shards(b) == ["b": 64] }, "\(shards(b))")
        #expect(Date().timeIntervalSince(gone) < Self.leaseSeconds + 3, "took \(Date().timeIntervalSince(gone)) s")
        kill(c.process.processIdentifier, SIGCONT)
        #expect(waitUntil(seconds: 15) { shards(b) == ["b": 32, "c": 32] }, "\(shards(b))")
    }
}
