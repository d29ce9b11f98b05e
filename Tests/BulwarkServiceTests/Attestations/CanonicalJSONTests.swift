import BulwarkJSON
import Testing
@testable import BulwarkService

@Suite struct CanonicalJSONTests {
    @Test func keysAreSortedByTheirBytesAtEveryDepthWithoutWhitespace() throws {
        let value = try JSONParser.parse(Array(#"{"b": [ {"z": 1, "a": 2.5} ], "a": "é", "B": null, "é": true}"#.utf8))
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == #"{"B":null,"a":"é","b":[{"a":2.5,"z":1}],"é":true}"#)
    }

    @Test func theSameValueHasTheSameBytesWhateverItsKeyOrder() throws {
        let one = try JSONParser.parse(Array(#"{"x": 1e-7, "y": [1, 2]}"#.utf8))
        let other = try JSONParser.parse(Array(#"{"y": [1, 2], "x": 0.0000001}"#.utf8))
        #expect(CanonicalJSON.encode(one) == CanonicalJSON.encode(other))
    }
}
