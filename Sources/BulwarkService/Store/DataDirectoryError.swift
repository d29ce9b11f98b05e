/// Why the data directory cannot be used.
public struct DataDirectoryError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
