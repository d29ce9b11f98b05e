/// Writes JSON straight into bytes for the hot responses, with no tree of values in
/// between. Keys are static strings; the writer places the commas.
///
/// ```swift
/// var json = JSONStreamWriter()
/// json.object { json in
///     json.field("equity", 1200.5)
///     json.array("positions") { json in json.element { json in json.field("size", -1) } }
/// }
/// ```
public struct JSONStreamWriter {
    private let bytes: JSONBytes
    /// Whether the container being written has no member yet.
    private var first = true

    public init(capacity: Int = 8192) {
        bytes = JSONBytes(capacity: capacity)
    }

    private mutating func separate() {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func writeKey(_ name: StaticString) {
        bytes.appendKey(name, comma: !first)
        first = false
    }

    private mutating func writeKey(_ name: String) {
        separate()
        bytes.appendString(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONStreamWriter) -> Void) {
        bytes.append(open)
        first = true
        body(&self)
        bytes.append(close)
        // The enclosing container has a member now: this one.
        first = false
    }

    // MARK: Containers

    /// The top-level object.
    public mutating func object(_ body: (inout JSONStreamWriter) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    public mutating func object(_ key: StaticString, _ body: (inout JSONStreamWriter) -> Void) {
        writeKey(key)
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    public mutating func object(dynamicKey key: String, _ body: (inout JSONStreamWriter) -> Void) {
        writeKey(key)
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    public mutating func array(_ key: StaticString, _ body: (inout JSONStreamWriter) -> Void) {
        writeKey(key)
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), body)
    }

    /// An object element of the array being written.
    public mutating func element(_ body: (inout JSONStreamWriter) -> Void) {
        separate()
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    // MARK: Members

    public mutating func field(_ key: StaticString, _ number: Double) {
        writeKey(key)
        bytes.appendNumber(number)
    }

    /// A number, or null when absent.
    public mutating func field(_ key: StaticString, _ number: Double?) {
        writeKey(key)
        if let number { bytes.appendNumber(number) } else { bytes.append("null") }
    }

    public mutating func field(_ key: StaticString, _ text: String) {
        writeKey(key)
        bytes.appendString(text)
    }

    public mutating func field(_ key: StaticString, _ flag: Bool) {
        writeKey(key)
        bytes.append(flag ? "true" : "false")
    }

    /// A member whose value is already a tree (rare members such as structured instruments).
    public mutating func field(_ key: StaticString, _ json: JSONValue) {
        writeKey(key)
        JSONWriter(output: bytes).write(json)
    }

    /// A string element of the array being written.
    public mutating func element(_ text: String) {
        separate()
        bytes.appendString(text)
    }

    /// The finished document.
    public func finish() -> [UInt8] { bytes.array }
}
