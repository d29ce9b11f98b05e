/// Writes JSON into a byte buffer: shortest round-trip numbers, non-finite numbers as null.
public struct JSONWriter {
    private let output: JSONBytes

    /// The bytes written so far.
    public var bytes: [UInt8] { output.array }

    public init(capacity: Int = 1024) {
        output = JSONBytes(capacity: capacity)
    }

    /// A writer that appends to another writer's buffer (a tree inside a streamed document).
    init(output: JSONBytes) {
        self.output = output
    }

    public static func encode(_ value: JSONValue) -> [UInt8] {
        let writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    public func write(_ value: JSONValue) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let number): output.appendNumber(number)
        case .string(let text): output.appendString(text)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.appendString(member.key)
                output.append(UInt8(ascii: ":"))
                write(member.value)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    public func writeNumber(_ number: Double) {
        output.appendNumber(number)
    }

    public func writeString(_ text: String) {
        output.appendString(text)
    }

    /// Shortest round-trip form; integral values without ".0"; non-finite values as null.
    public static func appendNumber(_ number: Double, to bytes: inout [UInt8]) {
        let output = JSONBytes(capacity: 32)
        output.appendNumber(number)
        bytes += output.array
    }
}
