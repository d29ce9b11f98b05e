/// The member names an object may have. A decoder checks every member of every object
/// against them, so besides the set (for messages) the names are kept as one byte table
/// compared in place: no String made and no hash taken per member.
public struct JSONFieldNames: Sendable, ExpressibleByArrayLiteral {
    public let names: Set<String>
    /// The names' UTF-8 one after another; `ends[i]` is where name i stops.
    private let table: [UInt8]
    private let ends: [Int]

    public init(_ names: Set<String>) {
        self.names = names
        var table: [UInt8] = []
        var ends: [Int] = []
        for name in names.sorted() {
            table += name.utf8
            ends.append(table.count)
        }
        self.table = table
        self.ends = ends
    }

    public init(arrayLiteral names: String...) {
        self.init(Set(names))
    }

    public func union(_ other: Set<String>) -> JSONFieldNames { JSONFieldNames(names.union(other)) }

    /// The names in order, as a message lists them.
    public func sorted() -> [String] { names.sorted() }

    /// Whether `name` (UTF-8) is one of them.
    public func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        table.withUnsafeBufferPointer { table in
            var start = 0
            for end in ends {
                defer { start = end }
                guard end - start == name.count else { continue }
                var offset = 0
                while offset < name.count, table[start + offset] == name[offset] { offset += 1 }
                if offset == name.count { return true }
            }
            return false
        }
    }
}
