import CSocketShims
import Glibc
import Synchronization

/// Writes a streamed body to one connection, on the stream's own (blocking) thread.
public final class HTTPStreamWriter: Sendable {
    private let descriptor: Int32
    private let chunked: Bool
    private let shared: ServerState
    private let failed = Atomic<Bool>(false)

    init(descriptor: Int32, chunked: Bool, shared: ServerState) {
        self.descriptor = descriptor
        self.chunked = chunked
        self.shared = shared
    }

    /// Whether the stream should go on: the client is there and the server is not stopping.
    public var isOpen: Bool {
        !failed.load(ordering: .relaxed) && !shared.stopRequested.load(ordering: .relaxed)
    }

    /// Sends bytes at once (one chunk); false once the connection is gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return isOpen }
        var frame: [UInt8] = []
        if chunked {
            frame.reserveCapacity(bytes.count + 16)
            frame.append(contentsOf: String(bytes.count, radix: 16).utf8)
            frame.append(contentsOf: [13, 10])
            frame.append(contentsOf: bytes)
            frame.append(contentsOf: [13, 10])
        } else {
            frame = bytes
        }
        return writeRaw(frame)
    }

    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    func writeRaw(_ bytes: [UInt8]) -> Bool {
        guard !failed.load(ordering: .relaxed) else { return false }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                failed.store(true, ordering: .relaxed)
                return false
            }
        }
        return true
    }

    /// Ends the body (the last chunk) and closes the connection.
    func finish() {
        if chunked { _ = writeRaw(Array("0\r\n\r\n".utf8)) }
        shutdown(descriptor, Int32(SHUT_WR))
        close(descriptor)
        shared.openConnections.subtract(1, ordering: .relaxed)
    }
}
