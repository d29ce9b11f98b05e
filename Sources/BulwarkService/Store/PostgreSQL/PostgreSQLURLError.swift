/// Why a store URL cannot be used.
public struct PostgreSQLURLError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
