import BulwarkJSON
import RiskCore

/// A calibration as stored: the request, where it is, and its answer once done.
public struct CalibrationRecord: Sendable {
    public var id: String
    public var createdAt: Double
    public var requester: String
    /// The request with every default filled in (docs/CALIBRATION.md).
    public var request: JSONValue
    public var status: CalibrationStatus
    /// The parameters it calibrated from (set when it starts).
    public var baseHash: String?
    public var startedAt: Double?
    public var completedAt: Double?
    /// The answer: calibrated parameters, their backtest beside the current one, the binding paths.
    public var result: JSONValue?
    /// The proposal made from it, once made.
    public var proposalID: String?

    init(id: String, createdAt: Double, requester: String, request: JSONValue) {
        self.id = id
        self.createdAt = createdAt
        self.requester = requester
        self.request = request
        self.status = .queued
    }

    /// The answer of `GET /v1/parameters/calibrations/{id}` (`progress` while it runs).
    func json(progress: Double?, summary: Bool = false) -> JSONValue {
        func time(_ seconds: Double?) -> JSONValue? { seconds.map { .string(Timestamp(secondsSinceEpoch: Int64($0)).iso8601) } }
        var result = self.result
        if summary, case .object(var object)? = result {
            object["trials"] = nil
            object["backtest"] = nil
            object["parameters"] = nil
            result = .object(object)
        }
        return .object([
            "id": .string(id),
            "status": .string(status.rawValue),
            "progress": .number(status.isFinished ? 1 : progress ?? 0),
            "createdAt": time(createdAt),
            "requester": .string(requester),
            "startedAt": time(startedAt),
            "completedAt": time(completedAt),
            "baseParametersHash": baseHash.map(JSONValue.string),
            "proposalId": proposalID.map(JSONValue.string),
            "request": request,
            "result": result,
        ])
    }

    /// The stored form: everything, with exact times.
    var storedJSON: JSONValue {
        .object([
            "id": .string(id), "createdAt": .number(createdAt), "requester": .string(requester), "request": request,
            "status": .string(status.rawValue), "baseHash": baseHash.map(JSONValue.string),
            "startedAt": startedAt.map(JSONValue.number), "completedAt": completedAt.map(JSONValue.number),
            "result": result, "proposalId": proposalID.map(JSONValue.string),
        ])
    }

    init?(stored: JSONValue) {
        func number(_ key: String) -> Double? { if case .number(let value)? = stored[key] { value } else { nil } }
        func string(_ key: String) -> String? { if case .string(let value)? = stored[key] { value } else { nil } }
        guard let id = string("id"), let createdAt = number("createdAt"), let requester = string("requester"),
              let request = stored["request"], let status = string("status").flatMap(CalibrationStatus.init(rawValue:)) else { return nil }
        self.init(id: id, createdAt: createdAt, requester: requester, request: request)
        self.status = status
        baseHash = string("baseHash")
        startedAt = number("startedAt")
        completedAt = number("completedAt")
        result = stored["result"].flatMap { $0 == .null ? nil : $0 }
        proposalID = string("proposalId")
    }
}
