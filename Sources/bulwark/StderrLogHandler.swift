import BulwarkService
import Logging

/// Writes each message to stderr as one line in the configured format: logfmt
/// (`time=... level=info msg="..." key=value`) or one JSON object.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    let format: LogConfiguration.Format

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = [("time", LogLine.timestamp()), ("level", event.level.rawValue), ("logger", label), ("msg", event.message.description)]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key })
        where !["time", "level", "logger", "msg"].contains(key) {
            fields.append((key, "\(value)"))
        }
        LogLine.write(format == .json ? LogLine.json(fields) : LogLine.logfmt(fields))
    }
}
