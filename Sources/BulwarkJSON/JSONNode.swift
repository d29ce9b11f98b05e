/// One value of a `JSONDocument`, read in place: scalars are read from the node, strings made
/// when asked for, object members found by comparing key bytes.
public struct JSONNode: JSONReadable {
    let document: JSONDocument
    let index: Int

    private var node: JSONDocument.Node { document.nodes[index] }

    public var isNull: Bool { node.kind == .null }

    public var typeName: String {
        switch node.kind {
        case .null: "null"
        case .false, .true: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public var numberValue: Double? { node.kind == .number ? node.number : nil }

    public var boolValue: Bool? {
        switch node.kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    public var stringValue: String? { node.kind == .string ? document.string(index) : nil }

    /// A string's bytes (unescaped), without making a String.
    public func withStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        node.kind == .string ? document.withStringBytes(index, body) : nil
    }

    public var objectValue: JSONNodeObject? { node.kind == .object ? JSONNodeObject(document: document, index: index) : nil }

    public var arrayValue: [JSONNode]? {
        let node = node
        guard node.kind == .array else { return nil }
        var elements: [JSONNode] = []
        elements.reserveCapacity(Int(node.count))
        var child = index + 1
        for _ in 0..<node.count {
            elements.append(JSONNode(document: document, index: child))
            child = Int(document.nodes[child].next)
        }
        return elements
    }

    /// The member named `key` of an object; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONNode? { objectValue?[key] }

    /// The value as a tree.
    public var jsonValue: JSONValue {
        switch node.kind {
        case .null: .null
        case .false: .bool(false)
        case .true: .bool(true)
        case .number: .number(node.number)
        case .string: .string(document.string(index))
        case .array: .array(arrayValue!.map(\.jsonValue))
        case .object: .object(objectValue!.jsonObject)
        }
    }
}
