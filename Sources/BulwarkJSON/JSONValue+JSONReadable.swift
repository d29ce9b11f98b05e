extension JSONValue: JSONReadable {
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public func withStringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard case .string(var text) = self else { return nil }
        return text.withUTF8(body)
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var jsonValue: JSONValue { self }

    public subscript(key: StaticString) -> JSONValue? { objectValue?[key] }
}

extension JSONObject: JSONReadableObject {
    public typealias Value = JSONValue

    public var count: Int { members.count }

    public var jsonObject: JSONObject { self }

    public subscript(key: StaticString) -> JSONValue? {
        members.first { $0.key.utf8.elementsEqual(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)) }?.value
    }

    public func unknownKeys(_ allowed: JSONFieldNames) -> [String] { keys.filter { !allowed.names.contains($0) } }
}
