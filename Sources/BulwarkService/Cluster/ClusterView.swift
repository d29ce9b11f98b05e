/// The cluster as the store sees it at one moment: the live instances, what each holds,
/// and the shards nobody holds.
public struct ClusterView: Hashable, Sendable {
    public struct Instance: Hashable, Sendable {
        public var id: String
        /// Where the others forward its accounts' requests, when it advertises one.
        public var address: String?
        public var heartbeatAt: Double
        /// Shards whose lease has not expired, ascending.
        public var shards: [Int]
    }

    public var shardCount: Int
    /// Instances whose heartbeat has not expired, by id.
    public var instances: [Instance]
    public var unowned: [Int]
    /// The instance whose tick every monitor margins with, if its lease is live.
    public var pricePublisher: String?
    /// The store's clock when the view was read (seconds since 1970).
    public var now: Double
}
