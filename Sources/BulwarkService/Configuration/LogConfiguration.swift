import BulwarkJSON
import Logging

/// How the service logs (config `log`): `{"format": "logfmt" | "json", "level": "info"}`.
public struct LogConfiguration: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        /// `key=value` pairs, one line per message: for people and grep.
        case logfmt
        /// One JSON object per line: for log pipelines.
        case json
    }

    public var format = Format.logfmt
    public var level = Logger.Level.info

    public init() {}

    static func parse(_ value: JSONValue?, _ reader: inout FieldReader) -> LogConfiguration? {
        guard let object = reader.object(value, "log", allowed: ["format", "level"]) else { return nil }
        var configuration = LogConfiguration()
        if let format = reader.oneOf(object["format"], "log.format", Format.self) { configuration.format = format }
        if let level = reader.string(object["level"], "log.level") {
            if let parsed = Logger.Level(rawValue: level) { configuration.level = parsed } else {
                reader.fail("log.level", "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        return configuration
    }
}
