/// A parsed JSON document as one flat array of nodes over the request's bytes (simdjson's
/// "tape"): a container's node is followed by its members (key node, then the value's
/// subtree) or elements, and knows where its subtree ends. Reading a field compares bytes
/// in place; nothing is allocated per object, per key or per string until a value is asked
/// for. `JSONNode` is the view the decoders read through (`read`); its `jsonValue` is the tree.
public final class JSONDocument: @unchecked Sendable {
    @usableFromInline
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, array, object
    }

    @usableFromInline
    struct Node: Sendable {
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

    /// What nodes read: the document's buffers, immutable once parsed. Nodes hold a pointer to
    /// it, not a reference to the document: reading through a reference, even an unowned one,
    /// retains and releases the document or its arrays on every read, which cost a quarter of
    /// a small request's decoding.
    @usableFromInline
    struct Storage {
        @usableFromInline let nodes: UnsafeBufferPointer<Node>
        @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
        @usableFromInline let unescaped: UnsafeBufferPointer<UInt8>

        /// The bytes of the string at `index`.
        @inlinable @inline(__always)
        func withStringBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            let node = nodes[index]
            let buffer = node.unescaped ? unescaped : bytes
            return body(UnsafeBufferPointer(start: buffer.baseAddress! + Int(node.start), count: Int(node.end - node.start)))
        }

        @usableFromInline
        func string(_ index: Int) -> String {
            withStringBytes(index) { String(decoding: $0, as: UTF8.self) }
        }

        /// Whether the string at `index` is `text`, byte for byte.
        @inlinable @inline(__always)
        func string(_ index: Int, equals text: StaticString) -> Bool {
            let node = nodes[index]
            guard Int(node.end - node.start) == text.utf8CodeUnitCount else { return false }
            return withStringBytes(index) { bytes in
                let key = text.utf8Start
                for offset in 0..<bytes.count where bytes[offset] != key[offset] { return false }
                return true
            }
        }
    }

    // Freed with the document; never written after `init` (hence the unchecked Sendable).
    @usableFromInline let storage: UnsafeMutablePointer<Storage>

    /// Takes the parser's buffers of bytes and nodes as they are, and a copy of the few
    /// unescaped strings: freed in `deinit`.
    init(bytes: UnsafeBufferPointer<UInt8>, unescaped: [UInt8], nodes: UnsafeBufferPointer<Node>) {
        let decoded = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(unescaped.count, 1))
        _ = decoded.initialize(fromContentsOf: unescaped)
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(nodes: nodes, bytes: bytes, unescaped: UnsafeBufferPointer(rebasing: decoded[..<unescaped.count])))
    }

    deinit {
        storage.pointee.nodes.deallocate()
        storage.pointee.bytes.deallocate()
        storage.pointee.unescaped.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Reads the top-level value: nodes do not keep their document alive, so they are read
    /// inside `body`, which the document outlives.
    public func read<T>(_ body: (JSONNode) throws -> T) rethrows -> T {
        try withExtendedLifetime(self) { try body(JSONNode(document: UnsafePointer(storage), index: 0)) }
    }
}
