import BulwarkJSON

extension JSONObject {
    /// An object from ordered pairs, dropping nil values.
    init(pairs: KeyValuePairs<String, JSONValue?>) {
        self.init(pairs.compactMap { key, value in value.map { (key, $0) } })
    }
}
