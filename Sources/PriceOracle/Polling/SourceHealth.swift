/// A source's health, for `GET /v1/prices` and `/readyz`.
public struct SourceHealth: Hashable, Sendable {
    public var id: String
    public var kind: String
    public var url: String
    public var lastSuccessAt: Double?
    public var lastAttemptAt: Double?
    public var lastError: String?
    /// Seconds the last fetch took.
    public var latency: Double?
    public var consecutiveFailures: Int
    /// When the poller fetches again (later after errors and 429s).
    public var nextAttemptAt: Double?
}
