import Foundation
import Testing
import HTTPFuzzing

/// Replays every input kept from fuzzing through the fuzz target's own checks, as test
/// failures rather than the fuzzer's crash.
@Suite struct FuzzRegressionTests {
    @Test func regressionInputsStillPass() throws {
        let directory = try #require(Bundle.module.url(forResource: "FuzzRegressions", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty)
        for file in files {
            #expect(HTTPFuzzing.disagreement(Array(try Data(contentsOf: file))) == nil, "\(file.lastPathComponent)")
        }
    }

    @Test func splittingTheStreamNeverChangesTheResult() {
        // The property the fuzzer checks, on hand-picked inputs.
        for raw in ["GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
                    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                    "GET / HTTP/1.1\r\nHost: x\nBad: y\r\n\r\n"] {
            #expect(HTTPFuzzing.disagreement(Array(raw.utf8)) == nil, "\(raw)")
        }
    }
}
