/// The answer given to a write carrying an Idempotency-Key, replayed for a retry.
public struct IdempotentResponse: Sendable, Equatable {
    /// SHA-256 of method, path and body: a key reused for another request is refused.
    public var requestHash: String
    public var status: Int
    public var etag: String?
    public var body: [UInt8]

    /// How long a key is remembered: a day.
    public static let retention: Double = 24 * 3600

    public init(requestHash: String, status: Int, etag: String?, body: [UInt8]) {
        self.requestHash = requestHash
        self.status = status
        self.etag = etag
        self.body = body
    }
}
