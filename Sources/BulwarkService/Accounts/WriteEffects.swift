/// What a committed write changed, for the health monitor and the event streams to learn
/// after COMMIT (never before: a rolled-back write must leave no trace).
struct WriteEffects: Sendable {
    var changedAccounts: [StoredAccount] = []
    var removedAccounts: [String] = []
    /// Events stored inside the transaction.
    var events: [MonitorEvent] = []
}
