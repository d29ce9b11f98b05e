import BulwarkJSON
import RiskCore
import Testing
@testable import BulwarkService

@Suite struct FieldReaderTests {
    @Test func numbersComeAsNumbersOrExactDecimalStrings() {
        var reader = FieldReader()
        #expect(reader.number(JSONValue.number(1.5), "a") == 1.5 && reader.number(JSONValue.string("0.1"), "b") == 0.1)
        #expect(reader.number(JSONValue.string(""), "c") == nil && reader.number(JSONValue.bool(true), "d") == nil
            && reader.number(JSONValue.string("1,5"), "e") == nil)
        #expect(reader.issues.map(\.field) == ["c", "d", "e"])
        #expect(reader.issues[0].reason == "must be a number; an empty string is not zero")
    }

    @Test func objectsNameTheirUnknownMembers() {
        var reader = FieldReader()
        let object = reader.object(JSONValue.object(["size": .number(1), "sise": .number(2)]), "positions[0]", allowed: ["size", "price"])
        #expect(object?["size"] == .number(1))
        #expect(reader.issues.map(\.field) == ["positions[0].sise"])
        #expect(reader.object(JSONValue.array([]), "market") == nil && reader.issues.last?.field == "market")
    }

    @Test func arraysHaveAMaximum() {
        var reader = FieldReader()
        #expect(reader.array(JSONValue.array([.null, .null]), "fills", maxCount: 2)?.count == 2)
        #expect(reader.array(JSONValue.array([.null, .null, .null]), "fills", maxCount: 2) == nil && reader.issues.map(\.field) == ["fills"])
    }

    /// A request's flat document is read with the same results and the same issues as its tree.
    @Test func aDocumentReadsAsItsTree() throws {
        let bytes = Array(#"{"a": 1.5, "b": "0.1", "c": "", "d": true, "e": [1, null, "x"], "f": {"size": 2, "sise": null}, "g": null, "h": "2026-03-27T08:00:00Z"}"#.utf8)
        func read<V: JSONReadable>(_ root: V) -> (values: [String], issues: [ValidationIssue]) {
            var reader = FieldReader()
            var values: [String] = []
            let body = reader.object(root, "", allowed: ["a", "b", "c", "d", "e", "f", "g", "h"])
            for key: StaticString in ["a", "b", "c", "d", "g", "h", "missing"] { values.append("\(reader.number(body?[key], "\(key)") as Any)") }
            values.append("\(reader.bool(body?["d"], "d") as Any) \(reader.string(body?["a"], "a") as Any) \(reader.timestamp(body?["h"], "h") as Any)")
            for (index, element) in (reader.array(body?["e"], "e", maxCount: 5) ?? []).enumerated() {
                values.append("\(reader.number(element, "e[\(index)]") as Any)")
            }
            let inner = reader.object(body?["f"], "f", allowed: ["size"])
            values.append("\(reader.requiredNumber(inner?["size"], "f.size") as Any) \(reader.requiredNumber(inner?["sise"], "f.sise") as Any)")
            values.append(inner?.keys.joined(separator: ",") ?? "-")
            return (values, reader.issues)
        }
        let document = try JSONParser.document(bytes)
        let tree = read(try JSONParser.parse(bytes)), flat = document.read { read($0) }
        #expect(flat.values == tree.values)
        #expect(flat.issues == tree.issues)
        #expect(tree.issues.map(\.field) == ["c", "d", "h", "a", "e[2]", "f.sise", "f.sise"])
        #expect(document.read(\.jsonValue) == (try JSONParser.parse(bytes)))
    }
}
