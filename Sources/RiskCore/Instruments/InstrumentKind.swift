/// What an instrument is; what it settles in is its `Settlement`.
public enum InstrumentKind: String, Hashable, Sendable, CaseIterable, Codable {
    case call
    case put
    case future
    case perpetual

    public var isOption: Bool { self == .call || self == .put }
}
