/// What an instrument is. All instruments are linear: quoted and settled in the
/// quote currency (USD or a USD stablecoin), sized in units of the underlying.
public enum InstrumentKind: String, Hashable, Sendable, CaseIterable, Codable {
    case call
    case put
    case future
    case perpetual

    public var isOption: Bool { self == .call || self == .put }
}
