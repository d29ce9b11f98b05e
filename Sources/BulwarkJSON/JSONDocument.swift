/// A parsed JSON document as one flat array of nodes over the request's bytes (simdjson's
/// "tape"): a container's node is followed by its members (key node, then the value's
/// subtree) or elements, and knows where its subtree ends. Reading a field compares bytes
/// in place; nothing is allocated per object, per key or per string until a value is asked
/// for. `JSONNode` is the view the decoders read through; `root.jsonValue` is the tree.
///
/// Nodes and bytes sit in memory of its own, read through pointers: the decoders read a
/// node's fields thousands of times per request, and an array's checks on each read cost
/// more than the read.
public final class JSONDocument: @unchecked Sendable {
    @usableFromInline
    enum Kind: UInt8 {
        case null, `false`, `true`, number, string, array, object
    }

    @usableFromInline
    struct Node {
        @usableFromInline var kind: Kind
        /// A string's bytes are in the unescaped buffer (it had escapes), not in the document.
        @usableFromInline var unescaped: Bool
        /// A string's first byte and the byte after its last.
        @usableFromInline var start: Int32
        @usableFromInline var end: Int32
        /// The index of the node after this one's subtree.
        @usableFromInline var next: Int32
        /// A container's members or elements.
        @usableFromInline var count: Int32
        @usableFromInline var number: Double
    }

    // Immutable after init; freed with the document.
    @usableFromInline let nodes: UnsafeMutableBufferPointer<Node>
    @usableFromInline let bytes: UnsafeMutableBufferPointer<UInt8>
    @usableFromInline let unescaped: UnsafeMutableBufferPointer<UInt8>

    init(bytes: [UInt8], unescaped: [UInt8], nodes: [Node]) {
        func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
            _ = buffer.initialize(from: array)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
        }
        self.nodes = copy(nodes)
        self.bytes = copy(bytes)
        self.unescaped = copy(unescaped)
    }

    deinit {
        nodes.deallocate()
        bytes.deallocate()
        unescaped.deallocate()
    }

    public var root: JSONNode { JSONNode(document: self, index: 0) }

    /// The bytes of the string at `index`.
    @inlinable @inline(__always)
    func stringBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let node = nodes[index]
        let base = UnsafeBufferPointer(node.unescaped ? unescaped : bytes).baseAddress!
        return UnsafeBufferPointer(start: base + Int(node.start), count: Int(node.end - node.start))
    }

    @usableFromInline
    func string(_ index: Int) -> String {
        String(decoding: stringBytes(index), as: UTF8.self)
    }

    /// Whether the string at `index` is `text`, byte for byte.
    @inlinable @inline(__always)
    func string(_ index: Int, equals text: StaticString) -> Bool {
        let bytes = stringBytes(index)
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let key = text.utf8Start
        for offset in 0..<bytes.count where bytes[offset] != key[offset] { return false }
        return true
    }

    /// Whether the string at `index` is `text`, byte for byte.
    @usableFromInline
    func string(_ index: Int, equals text: String) -> Bool {
        var text = text
        let bytes = stringBytes(index)
        return text.withUTF8 { bytes.elementsEqual($0) }
    }
}
