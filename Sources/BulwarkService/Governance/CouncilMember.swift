/// A council member: an Ed25519 public key that may approve parameter proposals.
public struct CouncilMember: Sendable, Hashable {
    public var id: String
    /// The raw 32-byte public key.
    public var publicKey: [UInt8]

    public init(id: String, publicKey: [UInt8]) {
        self.id = id
        self.publicKey = publicKey
    }
}
