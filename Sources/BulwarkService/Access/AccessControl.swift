import Foundation
import HTTPServer

/// Bearer-token access control (docs/SECURITY.md): keys by role, stored as SHA-256 hashes and
/// compared in constant time, per-key token buckets, and what an anonymous caller may do.
public final class AccessControl: Sendable {
    let keys: [APIKey]
    /// The role of a request without a key; nil: every request needs a key.
    let anonymousRole: Role?
    private let buckets: [String: TokenBucket]
    private let anonymousBucket: TokenBucket?
    private let clock: @Sendable () -> Double

    public init(keys: [APIKey], anonymousRole: Role?, anonymousRate: RateLimit? = nil,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.keys = keys
        self.anonymousRole = anonymousRole
        self.clock = clock
        let now = clock()
        var buckets: [String: TokenBucket] = [:]
        for key in keys { if let rate = key.rate { buckets[key.id] = TokenBucket(limit: rate, now: now) } }
        self.buckets = buckets
        anonymousBucket = anonymousRate.map { TokenBucket(limit: $0, now: now) }
    }

    /// No checks at all: for embedding the API in tests and benchmarks.
    public static let unrestricted = AccessControl(keys: [], anonymousRole: .admin)

    /// Whether `host` is a loopback address, where anonymous reads are the default.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The caller, or the problem: 401 without a valid key (when one is needed), 403 for a
    /// role that does not permit the route, 429 past the key's rate.
    func authorize(_ request: HTTPRequest, requires role: Role) -> Result<Principal, APIError> {
        let principal: Principal
        let bucket: TokenBucket?
        if let header = request.headers["Authorization"] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
                return .failure(.unauthorized("the Authorization header must be 'Bearer <token>'"))
            }
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let key = match(token) else { return .failure(.unauthorized("the token is not a valid API key")) }
            principal = Principal(id: key.id, role: key.role)
            bucket = buckets[key.id]
        } else if let anonymousRole {
            principal = .anonymous(anonymousRole)
            bucket = anonymousBucket
            if !anonymousRole.permits(role) {
                return .failure(.unauthorized("this route needs an API key with the \(role.rawValue) role"))
            }
        } else {
            return .failure(.unauthorized("an API key is required: Authorization: Bearer <token>"))
        }
        guard principal.role.permits(role) else {
            return .failure(.forbidden("key '\(principal.id)' has the \(principal.role.rawValue) role; this route needs \(role.rawValue)"))
        }
        if let bucket {
            let (allowed, retryAfter) = bucket.take(now: clock())
            if !allowed { return .failure(.tooManyRequests(retryAfter: retryAfter, key: principal.id)) }
        }
        return .success(principal)
    }

    /// The key whose hash is the token's, comparing every key in constant time.
    private func match(_ token: String) -> APIKey? {
        let presented = APIKey.hash(token)
        var found: APIKey?
        for key in keys {
            var difference: UInt8 = key.tokenHash.count == presented.count ? 0 : 1
            for (a, b) in zip(key.tokenHash, presented) { difference |= a ^ b }
            if difference == 0 { found = key }
        }
        return found
    }
}
