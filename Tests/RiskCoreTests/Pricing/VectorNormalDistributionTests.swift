import Foundation
import Testing
@testable import RiskCore

@Suite struct VectorNormalDistributionTests {
    /// [x, N(x)] from mpmath at 50 digits (scripts/normal_cdf_reference.py), -38 to 10, as hex floats.
    static func reference() throws -> [(Double, Double)] {
        let url = try #require(Bundle.module.url(forResource: "normal_cdf_mpmath", withExtension: "json", subdirectory: "Fixtures"))
        let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String]] ?? []
        return rows.compactMap { row in Double(row[0]).flatMap { x in Double(row[1]).map { (x, $0) } } }
    }

    static func lanes(_ values: ArraySlice<Double>) -> SIMD8<Double> {
        var lanes = SIMD8<Double>(repeating: 0)
        for (index, value) in values.enumerated() { lanes[index] = value }
        return lanes
    }

    @Test func matchesFiftyDigitReferencesTo1e14Relative() throws {
        let rows = try Self.reference()
        #expect(rows.count > 1_700)
        var worst = 0.0
        for start in stride(from: 0, to: rows.count, by: 8) {
            let chunk = rows[start..<min(start + 8, rows.count)]
            let result = VectorNormalDistribution.cdf(Self.lanes(ArraySlice(chunk.map(\.0))))
            for (index, (x, expected)) in chunk.enumerated() {
                let error = abs(result[index] - expected) / expected
                worst = max(worst, error)
                #expect(error <= 1e-14, "N(\(x)) = \(result[index]), reference \(expected)")
            }
        }
        #expect(worst > 0) // the comparison ran on real values
    }

    @Test func agreesWithTheScalarCDFAcrossTheRangeOptionsUse() {
        var x = -9.0
        while x < 9 {
            let lanes = SIMD8<Double>((0..<8).map { x + Double($0) * 0.00137 })
            let vector = VectorNormalDistribution.cdf(lanes)
            for index in 0..<8 {
                let scalar = NormalDistribution.cdf(lanes[index])
                // The scalar path rounds x / sqrt 2 before erfc, which costs it up to ~1e-14 by x = -9.
                #expect(abs(vector[index] - scalar) <= 3e-14 * scalar, "x = \(lanes[index])")
            }
            x += 0.0731
        }
    }

    @Test func vectorExpIsWithinTwoUlpsOfLibm() {
        var x = -745.0
        while x < 709.7 {
            let lanes = SIMD8<Double>((0..<8).map { x + Double($0) * 0.013 })
            let vector = VectorMath.exp(lanes)
            for index in 0..<8 {
                let expected = Foundation.exp(lanes[index])
                guard expected > 2.3e-308 else { continue } // subnormal results carry fewer digits
                #expect(abs(vector[index] - expected) <= 2 * expected.ulp, "exp(\(lanes[index]))")
            }
            x += 1.37
        }
        let edges = VectorMath.exp(SIMD8<Double>(-800, -745.3, 0, 1, -1, 709.7, 710, 1e300))
        #expect(edges[0] == 0 && edges[1] == 0 && edges[2] == 1)
        #expect(abs(edges[3] - M_E) <= M_E.ulp && abs(edges[4] - 1 / M_E) <= 2 * (1 / M_E).ulp)
        #expect(edges[6] == .infinity && edges[7] == .infinity)
    }
}
