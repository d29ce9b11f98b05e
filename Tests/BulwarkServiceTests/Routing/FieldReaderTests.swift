import BulwarkJSON
import Testing
@testable import BulwarkService

@Suite struct FieldReaderTests {
    @Test func numbersComeAsNumbersOrExactDecimalStrings() {
        var reader = FieldReader()
        #expect(reader.number(.number(1.5), "a") == 1.5 && reader.number(.string("0.1"), "b") == 0.1)
        #expect(reader.number(.string(""), "c") == nil && reader.number(.bool(true), "d") == nil && reader.number(.string("1,5"), "e") == nil)
        #expect(reader.issues.map(\.field) == ["c", "d", "e"])
        #expect(reader.issues[0].reason == "must be a number; an empty string is not zero")
    }

    @Test func objectsNameTheirUnknownMembers() {
        var reader = FieldReader()
        let object = reader.object(.object(["size": .number(1), "sise": .number(2)]), "positions[0]", allowed: ["size", "price"])
        #expect(object?["size"] == .number(1))
        #expect(reader.issues.map(\.field) == ["positions[0].sise"])
        #expect(reader.object(.array([]), "market") == nil && reader.issues.last?.field == "market")
    }

    @Test func arraysHaveAMaximum() {
        var reader = FieldReader()
        #expect(reader.array(.array([.null, .null]), "fills", maxCount: 2)?.count == 2)
        #expect(reader.array(.array([.null, .null, .null]), "fills", maxCount: 2) == nil && reader.issues.map(\.field) == ["fills"])
    }
}
