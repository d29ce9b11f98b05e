import RiskCore
import BulwarkJSON

/// The `auth` section of the config file (docs/SECURITY.md).
public struct AuthConfiguration: Sendable {
    public var keys: [APIKey] = []
    /// What a request without a key may do, when the config says so explicitly: `.some(nil)` is
    /// "none". Unset: anonymous reads on a loopback address, nothing on any other.
    public var anonymous: Role??
    public var anonymousRate: RateLimit?

    public init() {}

    /// The anonymous role in effect for a service listening on `host`.
    public func anonymousRole(host: String) -> Role? {
        if let anonymous { return anonymous }
        return AccessControl.isLoopback(host) ? .reader : nil
    }

    static func parse(_ value: JSONValue?, _ reader: inout FieldReader) -> AuthConfiguration? {
        guard let object = reader.object(value, "auth", allowed: ["keys", "anonymous", "anonymousRate"]) else { return nil }
        var auth = AuthConfiguration()
        if let anonymous = reader.string(object["anonymous"], "auth.anonymous") {
            if anonymous == "none" { auth.anonymous = .some(nil) } else if let role = Role(rawValue: anonymous) { auth.anonymous = role } else {
                reader.fail("auth.anonymous", "must be none, reader, exchange, risk or admin")
            }
        }
        auth.anonymousRate = rate(object["anonymousRate"], "auth.anonymousRate", &reader)
        var ids = Set<String>()
        for (index, element) in (reader.array(object["keys"], "auth.keys", maxCount: 10_000) ?? []).enumerated() {
            let field = "auth.keys[\(index)]"
            guard let key = reader.element(element, field, allowed: ["id", "role", "sha256", "rate"]) else { continue }
            let id = reader.string(key["id"], "\(field).id") ?? ""
            if !Identifier.isValid(id) { reader.fail("\(field).id", Identifier.rule) }
            if !ids.insert(id).inserted { reader.fail("\(field).id", "is used by another key") }
            let role = reader.requiredOneOf(key["role"], "\(field).role", Role.self)
            let hex = reader.string(key["sha256"], "\(field).sha256") ?? ""
            let hash = Hex.decode(hex)
            if hash?.count != 32 { reader.fail("\(field).sha256", "must be the SHA-256 of the token: 64 hex digits (bulwark key prints it)") }
            if let role, let hash, hash.count == 32 {
                auth.keys.append(APIKey(id: id, role: role, tokenHash: hash, rate: rate(key["rate"], "\(field).rate", &reader)))
            }
        }
        return auth
    }

    private static func rate(_ value: JSONValue?, _ field: String, _ reader: inout FieldReader) -> RateLimit? {
        guard let object = reader.object(value, field, allowed: ["perSecond", "burst"]) else { return nil }
        let perSecond = reader.requiredNumber(object["perSecond"], "\(field).perSecond") ?? 0
        let burst = reader.number(object["burst"], "\(field).burst") ?? max(1, perSecond)
        guard perSecond > 0 && perSecond <= 1e6 else {
            reader.fail("\(field).perSecond", "must be greater than 0 and at most 1e6")
            return nil
        }
        guard burst >= 1 && burst <= 1e7 else {
            reader.fail("\(field).burst", "must be from 1 to 1e7")
            return nil
        }
        return RateLimit(perSecond: perSecond, burst: burst)
    }
}
