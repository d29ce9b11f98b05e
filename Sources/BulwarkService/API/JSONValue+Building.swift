import BulwarkJSON
import RiskCore

extension JSONValue {
    /// An object from ordered pairs, dropping nil values.
    static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(JSONObject(pairs.compactMap { key, value in value.map { (key, $0) } }))
    }

    static func number(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return .number(value)
    }

    /// An instrument as clients name it: its Deribit name, or the structured form when it has none.
    static func instrument(_ instrument: Instrument) -> JSONValue {
        if let name = instrument.deribitName { return .string(name) }
        return .object([
            "underlying": .string(instrument.underlying),
            "kind": .string(instrument.kind.rawValue),
            "strike": instrument.strike.map(JSONValue.number),
            "expiry": instrument.expiry.map { .string($0.iso8601) },
        ])
    }
}
