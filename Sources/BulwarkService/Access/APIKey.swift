import Crypto
import Foundation

/// A configured API key: only the SHA-256 of its token is kept.
public struct APIKey: Sendable, Hashable {
    public var id: String
    public var role: Role
    /// SHA-256 of the bearer token, 32 bytes.
    public var tokenHash: [UInt8]
    public var rate: RateLimit?

    public init(id: String, role: Role, tokenHash: [UInt8], rate: RateLimit? = nil) {
        self.id = id
        self.role = role
        self.tokenHash = tokenHash
        self.rate = rate
    }

    static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    /// A new random token (`bwk_` and 43 base64url characters) and its hash in hex, for `bulwark key`.
    public static func generateToken() -> (token: String, sha256: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "bwk_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (token, hash(token).map { String(format: "%02x", $0) }.joined())
    }
}
