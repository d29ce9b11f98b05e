import BulwarkJSON
import RiskCore

extension JSONValue {
    /// An object from ordered pairs, dropping nil values.
    static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(JSONObject(pairs.compactMap { key, value in value.map { (key, $0) } }))
    }

    /// An object of a dictionary's members in key order: dictionaries have no order of their
    /// own, and answers should not change from one call to the next.
    static func object<Value>(sortingKeysOf dictionary: [String: Value], _ transform: (Value) -> JSONValue) -> JSONValue {
        .object(JSONObject(dictionary.sorted { $0.key < $1.key }.map { ($0.key, transform($0.value)) }))
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
