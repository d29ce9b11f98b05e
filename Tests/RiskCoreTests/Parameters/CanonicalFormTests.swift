import Foundation
import Testing
@testable import RiskCore

@Suite struct CanonicalFormTests {
    struct Sample: Encodable {
        var zeta = 1.5
        var alpha = ["b": 2, "a": 1]
        var path = "a/b"
    }

    @Test func keysAreSortedAndNothingIsEscapedNeedlessly() {
        #expect(String(decoding: CanonicalForm.json(Sample()), as: UTF8.self) == #"{"alpha":{"a":1,"b":2},"path":"a/b","zeta":1.5}"#)
    }

    @Test func theHashIsSHA256OfThoseBytes() {
        #expect(CanonicalForm.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(CanonicalForm.hash(Sample()) == CanonicalForm.sha256Hex(CanonicalForm.json(Sample())))
        #expect(RiskParameters.standardDefaults.version == String(RiskParameters.standardDefaults.hash.prefix(16)))
    }
}
