import Foundation
import Glibc
import TestSupport
@testable import HTTPServer

/// A test client that speaks raw bytes over a real TCP socket.
final class RawClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        do { descriptor = try LoopbackSocket.connect(port: port, timeout: 5) } catch { throw SocketError("connect") }
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    func setTimeout(_ seconds: Double) {
        LoopbackSocket.setTimeout(descriptor, seconds)
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Sends `bytes` over and over without reading, until the server stops taking them for
    /// `stall` seconds or `limit` bytes are out; the bytes sent.
    func sendWithoutReading(_ bytes: [UInt8], limit: Int, stall: Double = 0.5) -> Int {
        var sentTotal = 0
        var offset = 0
        var blockedSince: Date?
        while sentTotal < limit {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if sent > 0 {
                sentTotal += sent
                offset = (offset + sent) % bytes.count
                blockedSince = nil
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if let since = blockedSince {
                    if Date().timeIntervalSince(since) > stall { break }
                } else {
                    blockedSince = Date()
                }
                usleep(10_000)
            } else {
                break
            }
        }
        return sentTotal
    }

    /// Reads more bytes; false on EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard received > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<received])
        return true
    }

    /// Reads one response; nil when the connection ended or timed out first.
    func readResponse(headRequest: Bool = false) -> RawResponse? {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2)
                guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
                var headers: [(String, String)] = []
                for line in lines where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                }
                let length = (status < 200 || headRequest) ? 0 : Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
                while buffer.count < end + 4 + length {
                    if !fill() { return nil }
                }
                let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeFirst(end + 4 + length)
                return RawResponse(status: status, headers: headers, body: body)
            }
            if !fill() { return nil }
        }
    }

    /// Everything the server sends until it closes the connection (or the timeout passes).
    func readUntilClosed() -> [UInt8] {
        while fill() {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server closed the connection (EOF) within the timeout.
    func isClosedByServer() -> Bool {
        while true {
            var byte: UInt8 = 0
            let received = recv(descriptor, &byte, 1, 0)
            if received == 0 { return true }
            if received < 0 { return errno == ECONNRESET }
            buffer.append(byte)
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}

struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}
