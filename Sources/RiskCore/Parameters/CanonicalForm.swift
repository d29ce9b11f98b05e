import Crypto
import Foundation

/// The canonical bytes of a parameter set and their hash: what a result's version names.
public enum CanonicalForm {
    /// JSON with keys sorted, no insignificant white space, numbers in shortest round-trip form.
    public static func json<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers, strings, arrays and dictionaries cannot fail.
        return (try? encoder.encode(value)) ?? Data()
    }

    /// SHA-256 of the canonical JSON, hex.
    public static func hash<T: Encodable>(_ value: T) -> String {
        sha256Hex(json(value))
    }

    /// SHA-256 of any bytes, hex.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }
}
