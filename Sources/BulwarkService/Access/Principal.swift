/// Who made a request: a key's id and role, or the anonymous caller.
public struct Principal: Sendable, Hashable {
    public var id: String
    public var role: Role

    public static func anonymous(_ role: Role) -> Principal { Principal(id: "anonymous", role: role) }
}
