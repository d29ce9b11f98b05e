/// The parser's nodes as they are appended: a buffer it grows itself and hands to the
/// document whole. An array would be copied out at the end (a 1,000-option request's nodes
/// are half a megabyte) and checks its uniqueness on every append.
struct JSONNodeBuffer {
    private(set) var base: UnsafeMutablePointer<JSONDocument.Node>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    subscript(index: Int) -> JSONDocument.Node {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @inline(__always)
    mutating func append(_ node: JSONDocument.Node) {
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
    }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<JSONDocument.Node>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }

    /// The nodes, for the document to own and free.
    var buffer: UnsafeBufferPointer<JSONDocument.Node> { UnsafeBufferPointer(start: base, count: count) }

    /// Frees the nodes of a document that was refused.
    func deallocate() { base.deallocate() }
}
