/// The event log, with increasing ids (the Server-Sent Events `id`).
public protocol EventRepository {
    /// Stores the events and returns them with their ids.
    func append(_ events: [MonitorEvent]) throws -> [MonitorEvent]

    /// Events after an id, oldest first.
    func events(after id: Int64, limit: Int) throws -> [MonitorEvent]

    /// Deletes events stored before `time`; returns how many.
    @discardableResult
    func prune(before time: Double) throws -> Int

    /// The newest event's id, 0 when there is none.
    func lastID() throws -> Int64

    /// The status each account's last `account.status` event left it in, so transitions
    /// continue across restarts.
    func lastStatuses() throws -> [String: String]

    /// Assets whose latest pause or resumption event is a pause, with its reason.
    func pausedAssets() throws -> [String: String]
}
