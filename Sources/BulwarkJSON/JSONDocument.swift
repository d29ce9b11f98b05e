/// A parsed JSON document as one flat array of nodes over the request's bytes (simdjson's
/// "tape"): a container's node is followed by its members (key node, then the value's
/// subtree) or elements, and knows where its subtree ends. Reading a field compares bytes
/// in place; nothing is allocated per object, per key or per string until a value is asked
/// for. `JSONNode` is the view the decoders read through; `root.value` is the tree.
public final class JSONDocument: Sendable {
    enum Kind: UInt8 {
        case null, `false`, `true`, number, string, array, object
    }

    struct Node {
        var kind: Kind
        /// A string's bytes are in `unescaped` (it had escapes), not in the document.
        var unescaped: Bool
        /// A string's first byte and the byte after its last.
        var start: Int32
        var end: Int32
        /// The index of the node after this one's subtree.
        var next: Int32
        /// A container's members or elements.
        var count: Int32
        var number: Double
    }

    let bytes: [UInt8]
    let unescaped: [UInt8]
    let nodes: [Node]

    init(bytes: [UInt8], unescaped: [UInt8], nodes: [Node]) {
        self.bytes = bytes
        self.unescaped = unescaped
        self.nodes = nodes
    }

    public var root: JSONNode { JSONNode(document: self, index: 0) }

    /// The bytes of the string at `index`.
    @inline(__always)
    func withStringBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let node = nodes[index]
        return (node.unescaped ? unescaped : bytes).withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)]))
        }
    }

    func string(_ index: Int) -> String {
        withStringBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the string at `index` is `text`, byte for byte.
    func string(_ index: Int, equals text: String) -> Bool {
        var text = text
        return text.withUTF8 { key in
            withStringBytes(index) { bytes in
                bytes.elementsEqual(key)
            }
        }
    }
}
