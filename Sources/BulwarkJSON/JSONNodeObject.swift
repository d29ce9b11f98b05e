/// An object of a `JSONDocument`: its members in order, looked up by comparing key bytes.
public struct JSONNodeObject: JSONReadableObject, @unchecked Sendable {
    // A pointer to the document's buffers, not a reference: a decoder reads thousands of nodes,
    // and a retain and release per read cost more than the read. The document must outlive
    // its nodes (the route holding it does).
    @usableFromInline let document: UnsafePointer<JSONDocument.Storage>
    /// The object's own node; members follow it as key node, value subtree.
    @usableFromInline let index: Int

    @inlinable
    init(document: UnsafePointer<JSONDocument.Storage>, index: Int) {
        self.document = document
        self.index = index
    }

    @inlinable
    public var count: Int { Int(document.pointee.nodes[index].count) }

    @inlinable
    public subscript(key: StaticString) -> JSONNode? {
        var child = index + 1
        for _ in 0..<count {
            if document.pointee.string(child, equals: key) { return JSONNode(document: document, index: child + 1) }
            child = Int(document.pointee.nodes[child + 1].next)
        }
        return nil
    }

    public var keys: [String] { map(\.key) }

    /// The member names not in `allowed`, in order; a String made only for those.
    public func unknownKeys(_ allowed: JSONFieldNames) -> [String] {
        var unknown: [String] = []
        var child = index + 1
        for _ in 0..<count {
            if !document.pointee.withStringBytes(child, allowed.contains) { unknown.append(document.pointee.string(child)) }
            child = Int(document.pointee.nodes[child + 1].next)
        }
        return unknown
    }

    public var jsonObject: JSONObject {
        var object = JSONObject()
        for (key, value) in self { object.appendUnique(key, value.jsonValue) }
        return object
    }

    public func makeIterator() -> Iterator {
        Iterator(document: document, key: index + 1, remaining: count)
    }

    public struct Iterator: IteratorProtocol {
        let document: UnsafePointer<JSONDocument.Storage>
        var key: Int
        var remaining: Int

        public mutating func next() -> (key: String, value: JSONNode)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let member = (key: document.pointee.string(key), value: JSONNode(document: document, index: key + 1))
            key = Int(document.pointee.nodes[key + 1].next)
            return member
        }
    }
}
