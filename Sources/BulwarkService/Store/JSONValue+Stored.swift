import BulwarkJSON

extension JSONValue {
    /// JSON text the service stored itself (documents, payloads, audit details), read back;
    /// null if it no longer parses, which only a hand-edited database could cause.
    init(stored text: String) {
        self = (try? JSONParser.parse(Array(text.utf8))) ?? .null
    }

    /// The members of a stored object; none when the text held anything else.
    static func storedObject(_ text: String) -> JSONObject {
        if case .object(let object) = JSONValue(stored: text) { return object }
        return JSONObject()
    }

    /// The text a backend stores for this value.
    var storedText: String { String(decoding: JSONWriter.encode(self), as: UTF8.self) }
}
