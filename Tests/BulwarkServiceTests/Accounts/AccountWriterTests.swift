import Foundation
import Synchronization
import Testing

final class WriterState: Sendable {
    let acknowledged = Mutex<[String]>([])
    let stop = Atomic<Bool>(false)
}

/// An acknowledged write survives kill -9: a real process, killed for real, restarted.
@Suite(.serialized) struct AccountWriterTests {
    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-durability-\(UUID().uuidString)").path
    }

    @Test func killNineDuringConcurrentWritesLosesNoAcknowledgedWrite() throws {
        try killNineLosesNoAcknowledgedWrite(config: ServiceProcess.defaultConfig)
    }

    /// Six writers, kill -9 mid-flight, a restart: every write answered 201 is there. With a
    /// `store` in `config`, on PostgreSQL (PostgreSQLStoreTests).
    @discardableResult
    func killNineLosesNoAcknowledgedWrite(config: String) throws -> [String] {
        let directory = temporaryDirectory()
        let service = try ServiceProcess(dataDirectory: directory, config: config)
        let port = service.port
        let state = WriterState()
        let group = DispatchGroup()
        for writer in 0..<6 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? BlockingHTTPClient(port: port) else { return }
                var index = 0
                while !state.stop.load(ordering: .relaxed) {
                    let id = "w\(writer)-\(index)"
                    let body = #"{"cash":\#(index),"positions":[{"instrument":"BTC-PERPETUAL","size":1}]}"#
                    guard let status = client.send("PUT", "/v1/accounts/\(id)", body: body) else { return }
                    if status == 201 { state.acknowledged.withLock { $0.append(id) } }
                    index += 1
                }
            }.start()
        }
        usleep(800_000)
        service.kill9()
        state.stop.store(true, ordering: .relaxed)
        group.wait()
        let written = state.acknowledged.withLock { $0 }
        #expect(written.count > 20, "too few writes before the kill to prove anything: \(written.count)")

        let restarted = try ServiceProcess(dataDirectory: directory, config: config)
        defer { restarted.terminate() }
        let client = try BlockingHTTPClient(port: restarted.port)
        var lost: [String] = []
        for id in written where client.send("GET", "/v1/accounts/\(id)") != 200 { lost.append(id) }
        #expect(lost.isEmpty, "lost \(lost.count) of \(written.count) acknowledged writes: \(lost.prefix(5))")
        return written
    }

    /// kill -9 leaves the page cache intact, so it cannot show a missing sync: strace counts
    /// the fsync/fdatasync calls and there must be one for every acknowledged write.
    @Test func everyAcknowledgedWriteIsSynced() throws {
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let strace else {
            Issue.record("strace is not installed (apt-get install strace); .ci/run installs it")
            return
        }
        let directory = temporaryDirectory()
        let trace = directory + "-strace.txt"
        let service = try ServiceProcess(dataDirectory: directory, wrapper: [strace, "-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", trace])
        let client = try BlockingHTTPClient(port: service.port)
        let writes = 25
        // Startup (migrations) may sync too: count only from here.
        usleep(200_000)
        let before = (try? String(contentsOfFile: trace, encoding: .utf8))?.components(separatedBy: "\n").filter { $0.contains("sync(") }.count ?? 0
        for index in 0..<writes {
            #expect(client.send("PUT", "/v1/accounts/s\(index)", body: #"{"cash":1}"#) == 201)
        }
        service.terminate()
        let lines = try String(contentsOfFile: trace, encoding: .utf8).components(separatedBy: "\n").filter { $0.contains("sync(") }
        #expect(lines.count - before >= writes, "\(lines.count - before) syncs for \(writes) acknowledged writes")
    }
}
