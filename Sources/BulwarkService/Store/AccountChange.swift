/// One save or delete of an account, in commit order.
public struct AccountChange: Hashable, Sendable {
    public var sequence: Int64
    public var account: String
}
