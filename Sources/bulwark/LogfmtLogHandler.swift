import Foundation
import Logging

/// Writes each message to stderr as one logfmt line: `time=... level=info msg="..." key=value`.
struct LogfmtLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message, extra = event.metadata
        var fields = [("time", LogLine.timestamp()), ("level", level.rawValue), ("logger", label), ("msg", message.description)]
        for (key, value) in self.metadata.merging(extra ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            fields.append((key, "\(value)"))
        }
        LogLine.write(fields.map { "\($0.0)=\(LogfmtLogHandler.quoted($0.1))" }.joined(separator: " "))
    }

    /// A value as logfmt writes it: bare when it has no space, quote, '=' or control character.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 }
        guard needsQuotes else { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
