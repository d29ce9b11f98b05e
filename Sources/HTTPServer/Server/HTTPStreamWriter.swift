import Synchronization

/// The sending side of a streamed body. Writes never block: they queue bytes for the
/// connection's event loop, which sends them as the client reads. The stream ends when the
/// producer calls `finish()`, the client goes away, the server stops, or the client reads
/// so slowly that more than `maxBufferedBytes` wait for it (it can resume with the ids it saw).
public final class HTTPStreamWriter: Sendable {
    private struct State {
        var pending: [UInt8] = []
        /// The loop was told there is something to take and has not taken it yet.
        var notified = false
        var open = true
        var finished = false
        var closeHandlers: [@Sendable () -> Void] = []
    }

    public static let maxBufferedBytes = 1 << 20

    private let state = Mutex(State())
    private let chunked: Bool
    private let notify: @Sendable () -> Void

    /// - Parameter notify: asks the connection's loop to take what is pending.
    init(chunked: Bool, notify: @escaping @Sendable () -> Void) {
        self.chunked = chunked
        self.notify = notify
    }

    /// Whether writes still reach the client.
    public var isOpen: Bool { state.withLock { $0.open && !$0.finished } }

    /// Queues bytes (one chunk); false once the stream has ended.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return isOpen }
        let chunked = self.chunked
        let (accepted, wake) = state.withLock { state -> (Bool, Bool) in
            guard state.open && !state.finished else { return (false, false) }
            if state.pending.count + bytes.count > HTTPStreamWriter.maxBufferedBytes {
                // A client this far behind is dropped; the loop closes the connection.
                state.open = false
                state.pending.removeAll()
            } else if chunked {
                state.pending.append(contentsOf: String(bytes.count, radix: 16).utf8)
                state.pending.append(contentsOf: [13, 10])
                state.pending.append(contentsOf: bytes)
                state.pending.append(contentsOf: [13, 10])
            } else {
                state.pending.append(contentsOf: bytes)
            }
            defer { state.notified = true }
            return (state.open, !state.notified)
        }
        if wake { notify() }
        return accepted
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Ends the body (the last chunk); the connection closes once it is sent.
    public func finish() {
        let wake = state.withLock { state -> Bool in
            guard state.open && !state.finished else { return false }
            state.finished = true
            if chunked { state.pending.append(contentsOf: Array("0\r\n\r\n".utf8)) }
            defer { state.notified = true }
            return !state.notified
        }
        if wake { notify() }
    }

    /// Runs `handler` once when the stream ends, whatever ends it (at once if it has ended).
    /// Called on an event loop: it must be quick and must not block.
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let ended = state.withLock { state -> Bool in
            guard state.open else { return true }
            state.closeHandlers.append(handler)
            return false
        }
        if ended { handler() }
    }

    // MARK: The loop's side

    /// What the loop should send now, and whether the stream has ended by the producer's
    /// `finish()` or by overflowing (`open` false).
    func take() -> (bytes: [UInt8], finished: Bool, open: Bool) {
        state.withLock { state in
            state.notified = false
            let bytes = state.pending
            state.pending = []
            return (bytes, state.finished, state.open)
        }
    }

    /// The connection is gone (or the server is stopping): no more writes; runs the close handlers.
    func close() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            state.open = false
            state.pending.removeAll()
            defer { state.closeHandlers.removeAll() }
            return state.closeHandlers
        }
        for handler in handlers { handler() }
    }
}
