/// One value of a `JSONDocument`, read in place: scalars are read from the node, strings made
/// when asked for, object members found by comparing key bytes. Like simdjson's on-demand
/// values, a node is valid while its document is alive: keep the document, not the node.
public struct JSONNode: JSONReadable, @unchecked Sendable {
    // A pointer to the document's buffers, not a reference: a decoder reads thousands of nodes,
    // and a retain and release per read cost more than the read. The document must outlive
    // its nodes (the route holding it does).
    @usableFromInline let document: UnsafePointer<JSONDocument.Storage>
    @usableFromInline let index: Int

    @inlinable
    init(document: UnsafePointer<JSONDocument.Storage>, index: Int) {
        self.document = document
        self.index = index
    }

    @inlinable
    var kind: JSONDocument.Kind { document.pointee.nodes[index].kind }

    @inlinable
    public var isNull: Bool { kind == .null }

    public var typeName: String {
        switch kind {
        case .null: "null"
        case .false, .true: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    @inlinable
    public var numberValue: Double? { kind == .number ? document.pointee.nodes[index].number : nil }

    @inlinable
    public var boolValue: Bool? {
        switch kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    @inlinable
    public var stringValue: String? { kind == .string ? document.pointee.string(index) : nil }

    /// A string's bytes (unescaped), without making a String.
    @inlinable
    public func withStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        kind == .string ? document.pointee.withStringBytes(index, body) : nil
    }

    /// Whether this is the string `text`, without making a String.
    @inlinable
    public func isString(_ text: StaticString) -> Bool { kind == .string && document.pointee.string(index, equals: text) }

    @inlinable
    public var objectValue: JSONNodeObject? { kind == .object ? JSONNodeObject(document: document, index: index) : nil }

    public var arrayValue: [JSONNode]? {
        guard kind == .array else { return nil }
        let count = Int(document.pointee.nodes[index].count)
        var elements: [JSONNode] = []
        elements.reserveCapacity(count)
        var child = index + 1
        for _ in 0..<count {
            elements.append(JSONNode(document: document, index: child))
            child = Int(document.pointee.nodes[child].next)
        }
        return elements
    }

    /// The member named `key` of an object; nil when absent or when this is not an object.
    @inlinable
    public subscript(key: StaticString) -> JSONNode? { objectValue?[key] }

    /// The value as a tree.
    public var jsonValue: JSONValue {
        switch kind {
        case .null: .null
        case .false: .bool(false)
        case .true: .bool(true)
        case .number: .number(document.pointee.nodes[index].number)
        case .string: .string(document.pointee.string(index))
        case .array: .array(arrayValue!.map(\.jsonValue))
        case .object: .object(objectValue!.jsonObject)
        }
    }
}
