import BulwarkJSON
import Logging

/// Writes each message to stderr as one JSON object per line, for log pipelines.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message, extra = event.metadata
        var object = JSONObject([("time", .string(LogLine.timestamp())), ("level", .string(level.rawValue)),
                                 ("logger", .string(label)), ("msg", .string(message.description))])
        for (key, value) in self.metadata.merging(extra ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key })
        where object[key] == nil {
            object[key] = .string("\(value)")
        }
        LogLine.write(String(decoding: JSONWriter.encode(.object(object)), as: UTF8.self))
    }
}
