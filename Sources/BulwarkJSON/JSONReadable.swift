/// A JSON value a decoder reads fields from: the parsed tree (`JSONValue`, as stored documents
/// are kept) or a node of a request's flat document (`JSONNode`). Decoders written against it
/// read both the same way, with the same checks and messages.
public protocol JSONReadable: Sendable {
    associatedtype Object: JSONReadableObject where Object.Value == Self

    var isNull: Bool { get }
    /// What it is, as an error message says it: "a string", "an array", ...
    var typeName: String { get }
    var numberValue: Double? { get }
    var stringValue: String? { get }
    /// A string's UTF-8 bytes, read without making a String where it can be; nil when not a string.
    func withStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T?
    var boolValue: Bool? { get }
    var objectValue: Object? { get }
    var arrayValue: [Self]? { get }
    /// The value as a tree.
    var jsonValue: JSONValue { get }
    /// The member named `key` of an object; nil when absent or when this is not an object.
    subscript(key: StaticString) -> Self? { get }
}

/// An object of a `JSONReadable`: members in order, found by key.
public protocol JSONReadableObject: Sequence, Sendable where Element == (key: String, value: Value) {
    associatedtype Value

    var count: Int { get }
    var keys: [String] { get }
    /// The member names not in `allowed`, in order.
    func unknownKeys(_ allowed: JSONFieldNames) -> [String]
    var jsonObject: JSONObject { get }
    subscript(key: StaticString) -> Value? { get }
}
