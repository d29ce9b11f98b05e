import BulwarkJSON
import Foundation
import Glibc

/// The two line formats, the time stamp, and one write per line, so lines from several
/// threads never interleave.
enum LogLine {
    static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }

    /// `key=value` pairs; a value with a space, quote, '=' or control character is quoted
    /// with JSON's escapes.
    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { key, value in
            let bare = !value.isEmpty && !value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 }
            return "\(key)=" + (bare ? value : String(decoding: JSONWriter.encode(.string(value)), as: UTF8.self))
        }.joined(separator: " ")
    }

    static func json(_ fields: [(String, String)]) -> String {
        String(decoding: JSONWriter.encode(.object(JSONObject(fields.map { ($0.0, JSONValue.string($0.1)) }))), as: UTF8.self)
    }

    static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
