/// An object of a `JSONDocument`: its members in order, looked up by comparing key bytes.
public struct JSONNodeObject: JSONReadableObject {
    let document: JSONDocument
    /// The object's own node; members follow it as key node, value subtree.
    let index: Int

    public var count: Int { Int(document.nodes[index].count) }

    public subscript(key: String) -> JSONNode? {
        var key = key
        return key.withUTF8 { key in
            var child = index + 1
            for _ in 0..<count {
                let value = child + 1
                if document.withStringBytes(child, { $0.elementsEqual(key) }) { return JSONNode(document: document, index: value) }
                child = Int(document.nodes[value].next)
            }
            return nil
        }
    }

    public var keys: [String] { map(\.key) }

    public var jsonObject: JSONObject {
        var object = JSONObject()
        for (key, value) in self { object.appendUnique(key, value.jsonValue) }
        return object
    }

    public func makeIterator() -> Iterator {
        Iterator(document: document, key: index + 1, remaining: count)
    }

    public struct Iterator: IteratorProtocol {
        let document: JSONDocument
        var key: Int
        var remaining: Int

        public mutating func next() -> (key: String, value: JSONNode)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let member = (key: document.string(key), value: JSONNode(document: document, index: key + 1))
            key = Int(document.nodes[key + 1].next)
            return member
        }
    }
}
