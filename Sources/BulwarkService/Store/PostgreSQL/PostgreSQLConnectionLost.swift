/// A connection that can no longer answer: the server ended its session, or a statement's
/// answer did not come in time. It is closed and never reused; the transaction fails.
struct PostgreSQLConnectionLost: Error, CustomStringConvertible {
    var reason: String

    var description: String { "the PostgreSQL connection was lost: \(reason)" }
}
