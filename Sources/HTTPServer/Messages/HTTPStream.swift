/// A response body written over time (Server-Sent Events): the handler returns a response
/// with a stream, the server writes the head and hands the connection to a thread of its
/// own that runs `body` until it returns, the client goes away or the server stops.
///
/// The body is sent with chunked transfer coding on HTTP/1.1 (close-delimited on 1.0), the
/// one kind of response without a Content-Length; the connection closes when it ends.
public struct HTTPStream: Sendable {
    public let body: @Sendable (HTTPStreamWriter) -> Void

    public init(_ body: @escaping @Sendable (HTTPStreamWriter) -> Void) {
        self.body = body
    }
}
