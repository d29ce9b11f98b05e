import Foundation
import Testing
@testable import RiskCore

@Suite struct SeededRandomTests {
    @Test func isSplitMix64() {
        // The reference generator's first outputs from seed 0.
        var random = SeededRandom(seed: 0)
        #expect([random.next(), random.next(), random.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func uniformsAndNormalsHaveTheirShape() {
        var random = SeededRandom(seed: 42)
        let uniforms = (0..<20_000).map { _ in random.uniform() }
        #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(uniforms.reduce(0, +) / 20_000 - 0.5) < 0.01)
        let normals = (0..<20_000).map { _ in random.normal() }
        let mean = normals.reduce(0, +) / 20_000
        let variance = normals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 19_999
        // Four standard errors.
        #expect(abs(mean) < 4 / 20_000.0.squareRoot() && abs(variance - 1) < 4 * (2 / 20_000.0).squareRoot())
    }
}
