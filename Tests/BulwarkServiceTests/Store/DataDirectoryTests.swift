import Foundation
import Glibc
import Testing
@testable import BulwarkService

/// One process per data directory, and a directory nobody else can read.
@Suite struct DataDirectoryTests {
    static func temporaryPath(_ name: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("bulwark-\(name)-\(UUID().uuidString)")
    }

    static func mode(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o777)
    }

    @Test func aSecondHolderIsRefusedUntilTheFirstLetsGo() throws {
        let path = DataDirectoryTests.temporaryPath("lock")
        let directory = try DataDirectory(path: path)
        var first: DataDirectoryLock? = try directory.lock()
        #expect(throws: DataDirectoryError.self) { try directory.lock() }
        do {
            _ = try directory.lock()
        } catch {
            #expect("\(error)".contains("in use by another bulwark process (pid \(getpid()))"))
        }
        withExtendedLifetime(first) {}
        first = nil
        #expect((try? directory.lock()) != nil)
    }

    @Test func anExistingDirectoryKeepsItsModeAndAFileIsNotADirectory() throws {
        let path = DataDirectoryTests.temporaryPath("existing")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let lock = try DataDirectory(path: path).lock()
        #expect(DataDirectoryTests.mode(path) == 0o755)
        #expect(DataDirectoryTests.mode((path as NSString).appendingPathComponent(DataDirectory.lockFileName)) == 0o600)
        withExtendedLifetime(lock) {}
        let file = DataDirectoryTests.temporaryPath("file")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: DataDirectoryError.self) { try DataDirectory(path: file) }
    }

    @Test func underUmask000TheServiceMakesItsDirectory0700AndEveryFile0600() throws {
        let path = DataDirectoryTests.temporaryPath("umask")
        // The umask of the shell that starts it, as an operator's careless one would be.
        let service = try ServiceProcess(dataDirectory: path, wrapper: ["/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\""])
        let client = try BlockingHTTPClient(port: service.port)
        #expect(client.send("PUT", "/v1/accounts/perm-1", body: #"{"cash": 100}"#) == 201)
        defer { service.terminate() }
        #expect(DataDirectoryTests.mode(path) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: path)
        for name in ["accounts.sqlite", "accounts.sqlite-wal", "accounts.sqlite-shm", "attestation-ed25519.key", DataDirectory.lockFileName] {
            #expect(files.contains(name), "\(name) missing from \(files)")
        }
        for name in files {
            #expect(DataDirectoryTests.mode((path as NSString).appendingPathComponent(name)) == 0o600, "\(name)")
        }
    }
}

/// `bulwark serve` refuses to share what it must own: its port and its data directory.
@Suite struct ServeStartupTests {
    @Test func versionIsPrinted() throws {
        let (status, _, stdout) = try ServiceProcess.runToExit(["--version"])
        #expect(status == 0)
        #expect(stdout.trimmingCharacters(in: .whitespacesAndNewlines) == BulwarkVersion.current)
    }

    @Test func aPortSomeoneElseListensOnIsRefusedWithAMessage() throws {
        let first = try ServiceProcess(dataDirectory: DataDirectoryTests.temporaryPath("port-a"))
        defer { first.terminate() }
        let arguments = try ServiceProcess.serveArguments(dataDirectory: DataDirectoryTests.temporaryPath("port-b"), port: first.port)
        let (status, stderr, _) = try ServiceProcess.runToExit(arguments)
        #expect(status != 0)
        #expect(stderr.contains("cannot start"), "\(stderr)")
        #expect(stderr.contains("127.0.0.1:\(first.port)") && stderr.contains("Address already in use"), "\(stderr)")
        // The first one still answers every request: nobody joined its port.
        let client = try BlockingHTTPClient(port: first.port)
        for _ in 0..<10 { #expect(client.send("GET", "/v1/accounts/absent") == 404) }
    }

    @Test func aPortHeldWithSOReusePortByAStrangerIsRefusedToo() throws {
        let stranger = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(stranger) }
        var on: Int32 = 1
        setsockopt(stranger, SOL_SOCKET, SO_REUSEPORT, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(stranger, pointer, length) == 0 && listen(stranger, 8) == 0 && getsockname(stranger, pointer, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let arguments = try ServiceProcess.serveArguments(dataDirectory: DataDirectoryTests.temporaryPath("reuse"), port: port)
        let (status, stderr, _) = try ServiceProcess.runToExit(arguments)
        #expect(status != 0)
        #expect(stderr.contains("Address already in use"), "\(stderr)")
    }

    @Test func aStoreThatIsNotAPostgreSQLURLOrCannotBeReachedIsRefused() throws {
        let arguments = try ServiceProcess.serveArguments(dataDirectory: DataDirectoryTests.temporaryPath("bad-store"), port: 0)
        let (status, stderr, _) = try ServiceProcess.runToExit(arguments + ["--store", "mysql://u@h/d"])
        #expect(status != 0 && stderr.contains("--store must start postgresql://"), "\(stderr)")
        // Nobody listens on port 1: a clear failure at start, not a service without its book.
        let (unreachable, message, _) = try ServiceProcess.runToExit(arguments + ["--store", "postgresql://bulwark@127.0.0.1:1/bulwark"])
        #expect(unreachable != 0 && message.contains("cannot start"), "\(message)")
    }

    @Test func aDataDirectoryAnotherServiceHoldsIsRefusedWithAMessage() throws {
        let path = DataDirectoryTests.temporaryPath("shared-dir")
        let first = try ServiceProcess(dataDirectory: path)
        defer { first.terminate() }
        let arguments = try ServiceProcess.serveArguments(dataDirectory: path, port: 0)
        let (status, stderr, _) = try ServiceProcess.runToExit(arguments)
        #expect(status != 0)
        #expect(stderr.contains("in use by another bulwark process (pid \(first.process.processIdentifier))"), "\(stderr)")
    }
}
