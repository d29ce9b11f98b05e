import BulwarkJSON
import Foundation

/// The `cluster` section of the config file (docs/SCALING.md): how the book is split and how
/// long a lease lasts.
public struct ClusterConfiguration: Hashable, Sendable {
    /// Fixed for the life of a store: every instance sharing one must use the same count.
    public var shardCount = 64
    /// A lease not renewed within this many seconds expires; others then claim its shards.
    public var leaseSeconds = 5.0
    public var heartbeatSeconds = 1.0
    /// Where the other instances reach this one (`http://host:port`); nil: the listening
    /// address (the host name when listening on every interface).
    public var advertiseAddress: String?

    public init() {}

    /// Why `text` cannot be an advertised address, or nil when it can: `http://` or
    /// `https://`, a host and an optional port, no path.
    public static func advertiseAddressIssue(_ text: String) -> String? {
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty, components.path.isEmpty, components.query == nil,
              components.user == nil, components.fragment == nil else {
            return "must be http://HOST[:PORT] or https://HOST[:PORT], without a path"
        }
        return nil
    }

    static func parse(_ value: JSONValue?, _ reader: inout FieldReader) -> ClusterConfiguration? {
        guard let object = reader.object(value, "cluster", allowed: ["shardCount", "leaseSeconds", "heartbeatSeconds", "advertiseAddress"]) else { return nil }
        var configuration = ClusterConfiguration()
        configuration.shardCount = reader.number(object["shardCount"], "cluster.shardCount", reason: "must be a whole number from 1 to 4096",
                                                 valid: { (1...4_096).contains($0) && $0 == $0.rounded() }).map { Int($0) } ?? configuration.shardCount
        configuration.leaseSeconds = reader.number(object["leaseSeconds"], "cluster.leaseSeconds", reason: "must be from 1 to 600",
                                                   valid: { (1...600).contains($0) }) ?? configuration.leaseSeconds
        configuration.heartbeatSeconds = reader.number(object["heartbeatSeconds"], "cluster.heartbeatSeconds", reason: "must be from 0.1 to 60",
                                                       valid: { (0.1...60).contains($0) }) ?? configuration.heartbeatSeconds
        if let address = reader.string(object["advertiseAddress"], "cluster.advertiseAddress") {
            if let issue = advertiseAddressIssue(address) { reader.fail("cluster.advertiseAddress", issue) }
            configuration.advertiseAddress = address
        }
        if configuration.heartbeatSeconds * 2 > configuration.leaseSeconds {
            reader.fail("cluster.heartbeatSeconds", "must be at most half of cluster.leaseSeconds (\(configuration.leaseSeconds)), or a lease lapses between beats")
        }
        return configuration
    }
}
