/// Hard limits that keep one client from exhausting the server.
public struct HTTPLimits: Sendable {
    /// Longest request line; longer is 414.
    public var maxRequestLineLength = 8 * 1024
    /// Largest header section (request line included); larger is 431.
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields; more is 431.
    public var maxHeaderCount = 100
    /// Largest body after de-chunking; larger is 413.
    public var maxBodyBytes = 1024 * 1024
    /// From the first byte of a request to the end of its header section (slowloris); then 408.
    public var headerTimeout: Double = 10
    /// From the end of the header section to the end of the body; then 408.
    public var bodyTimeout: Double = 30
    /// How long an idle keep-alive connection stays open.
    public var idleTimeout: Double = 60
    /// Most open connections; above it new clients get 503 and are closed.
    public var maxConnections = 4096

    public init() {}
}
