import Foundation
import TestSupport
import Glibc
import Synchronization

/// The real `bulwark` executable run as a child process, for tests that kill it.
final class ServiceProcess {
    let process = Process()
    let port: Int
    private let errorPipe = Pipe()

    /// The `bulwark` built next to the test binary (the test target depends on it).
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [testBinary.deletingLastPathComponent().appendingPathComponent("bulwark"),
                          root.appendingPathComponent(".build/debug/bulwark")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    /// Starts `bulwark serve` on an ephemeral port with the price feeds off; `wrapper` runs it
    /// under another program (strace).
    init(dataDirectory: String, wrapper: [String] = [], config configText: String = ServiceProcess.defaultConfig) throws {
        let arguments = try ServiceProcess.serveArguments(dataDirectory: dataDirectory, port: 0, config: configText)
        if wrapper.isEmpty {
            process.executableURL = ServiceProcess.executable
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: wrapper[0])
            process.arguments = Array(wrapper.dropFirst()) + [ServiceProcess.executable.path] + arguments
        }
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The service names its port on stderr once it listens.
        var log = ""
        let deadline = Date().addingTimeInterval(20)
        var found: Int?
        while found == nil && Date() < deadline {
            let data = errorPipe.fileHandleForReading.availableData
            if data.isEmpty { usleep(10_000); continue }
            log += String(decoding: data, as: UTF8.self)
            if let range = log.range(of: "http://127.0.0.1:") {
                let digits = log[range.upperBound...].prefix { $0.isNumber }
                found = Int(digits)
            }
        }
        guard let found else { process.terminate(); throw ServiceError("the service did not start: \(log)") }
        port = found
        // Drained from now on: a child whose stderr pipe fills up blocks in its next log line.
        let tail = self.tail
        tail.withLock { $0 = log }
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            tail.withLock { $0 = String(($0 + text).suffix(16_384)) }
        }
    }

    /// The last 16 KiB the service wrote to stderr.
    var log: String { tail.withLock { $0 } }
    private let tail = LogTail()

    static let defaultConfig = #"{"oracle": {"enabled": false}, "auth": {"anonymous": "admin"}}"#

    /// `serve` on `port` with the data in `dataDirectory` (which the service creates) and the
    /// config in a file beside it.
    static func serveArguments(dataDirectory: String, port: Int, config: String = defaultConfig) throws -> [String] {
        let configFile = dataDirectory + "-config.json"
        try FileManager.default.createDirectory(atPath: (dataDirectory as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try config.write(toFile: configFile, atomically: true, encoding: .utf8)
        return ["serve", "--port", String(port), "--data-dir", dataDirectory, "--config", configFile]
    }

    /// Runs the executable to its exit (for starts that must fail, and short commands): the
    /// exit status, stderr and stdout.
    static func runToExit(_ arguments: [String], timeout: Double = 20) throws -> (status: Int32, stderr: String, stdout: String) {
        let process = Process()
        let errorPipe = Pipe()
        let outputPipe = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.standardError = errorPipe
        process.standardOutput = outputPipe
        try process.run()
        // Foundation reaps its children itself: poll it rather than waitpid.
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                process.terminate()
                throw ServiceError("bulwark \(arguments.joined(separator: " ")) was still running after \(timeout) s")
            }
            usleep(20_000)
        }
        let stderr = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = String(decoding: outputPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, stderr, stdout)
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        reap()
    }

    /// SIGTERM to the service itself (under a wrapper, to the wrapper's children), then waits.
    func terminate() {
        let children = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/task/\(process.processIdentifier)/children",
                                    encoding: .utf8))?.split(separator: " ").compactMap { Int32($0) } ?? []
        for child in children { kill(child, SIGTERM) }
        if children.isEmpty { kill(process.processIdentifier, SIGTERM) }
        reap()
    }

    /// waitpid directly: Foundation's waitUntilExit spins a run loop that test threads don't run.
    private func reap() {
        var status: Int32 = 0
        _ = waitpid(process.processIdentifier, &status, 0)
    }
}

struct ServiceError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The end of a child's stderr, shared with the pipe's reader.
final class LogTail: Sendable {
    private let text = Mutex("")

    func withLock<T>(_ body: (inout String) -> T) -> T { text.withLock { body(&$0) } }
}

/// A minimal blocking HTTP/1.1 client over one keep-alive connection.
final class BlockingHTTPClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// The status line and header fields of the last response.
    private(set) var lastHead = ""

    init(port: Int, timeout: Double = 10) throws {
        descriptor = try LoopbackSocket.connect(port: port, timeout: timeout)
    }

    deinit { close(descriptor) }

    /// The status of the response, or nil when the connection broke before a whole response arrived.
    func send(_ method: String, _ path: String, body: String = "") -> Int? {
        request(method, path, body: body)?.status
    }

    /// Status and body of the response, or nil when the connection broke first.
    func request(_ method: String, _ path: String, body: String = "", headers: String = "") -> (status: Int, body: String)? {
        let request = "\(method) \(path) HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\(headers)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        guard sendRaw(request) else { return nil }
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                lastHead = head
                guard let status = Int(head.split(separator: " ").dropFirst().first ?? "") else { return nil }
                let length = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                while buffer.count < end + 4 + length { if !fill() { return nil } }
                let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                buffer.removeFirst(end + 4 + length)
                return (status, body)
            }
            if !fill() { return nil }
        }
    }

    /// A header field of the last response.
    func header(_ name: String) -> String? {
        lastHead.components(separatedBy: "\r\n").dropFirst().first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    func sendRaw(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return sent == bytes.count
    }

    /// Reads a streamed response until `marker` has arrived (true) or the stream ends or times out (false).
    func read(until marker: String) -> Bool {
        while !String(decoding: buffer, as: UTF8.self).contains(marker) {
            if !fill() { return false }
        }
        return true
    }

    /// What arrived so far on a stream.
    var received: String { String(decoding: buffer, as: UTF8.self) }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard received > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<received])
        return true
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
