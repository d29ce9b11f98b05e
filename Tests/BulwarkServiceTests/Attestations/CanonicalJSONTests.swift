import BulwarkJSON
import RiskCore
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

    /// The parameter hash is taken over JSONEncoder's sorted output (RiskCore's CanonicalForm);
    /// on every parameter set the two writers give the same bytes, so a verifier can recompute
    /// a parameter hash from `GET /v1/parameters` with the attestation rules.
    @Test func everyParameterSetIsAlreadyInThisForm() throws {
        let profiles = MethodologyProfiles(parameters: .standardDefaults)
        for name in MethodologyProfiles.names {
            let profile = try profiles.profile(name)
            let bytes = Array(CanonicalForm.json(profile.parameters))
            #expect(CanonicalJSON.encode(try JSONParser.parse(bytes)) == bytes, "\(name)")
            #expect(CanonicalForm.sha256Hex(bytes) == profile.hash, "\(name)")
        }
    }
}
