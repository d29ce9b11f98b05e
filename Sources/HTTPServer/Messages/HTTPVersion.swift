/// The two HTTP versions this server speaks on the wire.
public enum HTTPVersion: String, Hashable, Sendable {
    case http1_0 = "HTTP/1.0"
    case http1_1 = "HTTP/1.1"
}
