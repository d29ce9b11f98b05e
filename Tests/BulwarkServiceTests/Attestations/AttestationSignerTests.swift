import Foundation
import Testing
@testable import BulwarkService

@Suite struct AttestationSignerTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-key-\(UUID().uuidString)").path

    @Test func aKeyIsCreatedPrivateOnceAndReadBackTheSame() throws {
        let first = try AttestationSigner.loadOrCreate(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try AttestationSigner.loadOrCreate(path: path)
        #expect(again.publicKey == first.publicKey && again.keyID == first.keyID && first.keyID.count == 16)
        let signature = try first.sign(Array("statement".utf8))
        #expect(again.verify(signature, of: Array("statement".utf8)) && !again.verify(signature, of: Array("statemend".utf8)))
    }

    @Test func aFileThatHoldsNoKeyIsRefused() throws {
        try "not a key\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try AttestationSigner.loadOrCreate(path: path) }
    }
}
