import BulwarkJSON
import RiskCore

extension MonitorEvent {
    /// The event as `GET /v1/events` and the event stream send it: id, type, time, payload.
    var json: JSONValue {
        var object = JSONObject([("id", .number(Double(id))), ("type", .string(type)),
                                 ("time", .string(Timestamp(secondsSinceEpoch: Int64(time)).iso8601))])
        for (key, value) in payload where object[key] == nil { object[key] = value }
        return .object(object)
    }
}
