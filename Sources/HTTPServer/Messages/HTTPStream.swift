/// A response body written over time (Server-Sent Events). The handler returns a response
/// with a stream; the server sends the head, then calls `open` once, off the event loops,
/// with a writer that anyone may write to, from any thread, for as long as it is open.
///
/// No thread is held per stream: writes queue bytes and wake the connection's event loop,
/// which sends them. The body is sent with chunked transfer coding on HTTP/1.1
/// (close-delimited on 1.0), the one kind of response without a Content-Length; the
/// connection closes when the stream ends.
public struct HTTPStream: Sendable {
    public let open: @Sendable (HTTPStreamWriter) -> Void

    public init(_ open: @escaping @Sendable (HTTPStreamWriter) -> Void) {
        self.open = open
    }
}
