import RiskCore
import Crypto
import Foundation
import Glibc

/// The Ed25519 key that signs attestations: read from the config's file, or created on first
/// start in the data directory with mode 0600 (docs/ATTESTATIONS.md).
public struct AttestationSigner: Sendable {
    /// The 32-byte seed; CryptoKit's key type is not Sendable, so it is rebuilt to sign.
    private let seed: [UInt8]
    /// The raw 32-byte public key.
    public let publicKey: [UInt8]
    /// First 16 hex digits of the public key's SHA-256: names the key in statements.
    public var keyID: String { String(Hex.encode(SHA256.hash(data: publicKey)).prefix(16)) }

    private var privateKey: Curve25519.Signing.PrivateKey {
        // The seed was a valid key when this signer was made.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// SubjectPublicKeyInfo in PEM, as `openssl pkeyutl -verify -pubin` reads it.
    public var publicKeyPEM: String {
        let der = [UInt8]([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]) + publicKey
        return "-----BEGIN PUBLIC KEY-----\n\(Data(der).base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    init(privateKey: Curve25519.Signing.PrivateKey) {
        seed = Array(privateKey.rawRepresentation)
        publicKey = Array(privateKey.publicKey.rawRepresentation)
    }

    /// The key in `path` (the base64 of the 32-byte seed), created there with mode 0600 when absent.
    public static func loadOrCreate(path: String) throws -> AttestationSigner {
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let seed = Data(base64Encoded: text), seed.count == 32,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
                throw AttestationKeyError("\(path) does not hold an Ed25519 key (the base64 of 32 bytes)")
            }
            return AttestationSigner(privateKey: key)
        }
        let key = Curve25519.Signing.PrivateKey()
        let text = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        // O_EXCL: two processes starting at once never overwrite each other's key.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try loadOrCreate(path: path) }
            throw AttestationKeyError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(descriptor) == 0 else {
            throw AttestationKeyError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return AttestationSigner(privateKey: key)
    }

    func sign(_ message: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: message))
    }

    func verify(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

struct AttestationKeyError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
