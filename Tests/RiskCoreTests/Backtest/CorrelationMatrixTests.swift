import Testing
@testable import RiskCore

@Suite struct CorrelationMatrixTests {
    @Test func twoByTwoFactorsByHand() throws {
        let factor = try #require(CorrelationMatrix(names: ["A", "B"], values: [[1, 0.8], [0.8, 1]]).cholesky())
        #expect(factor[0] == [1, 0])
        #expect(factor[1][0] == 0.8 && close(factor[1][1], 0.6, relative: 1e-15))
    }

    @Test func theFactorReproducesTheMatrix() throws {
        let matrix = StressModel.defaults.matrix(of: ["BTC", "ETH", "SOL", "XRP"])
        let factor = try #require(matrix.cholesky())
        for row in 0..<4 {
            for column in 0..<4 {
                let product = (0..<4).reduce(0.0) { $0 + factor[row][$1] * factor[column][$1] }
                #expect(abs(product - matrix.values[row][column]) < 1e-15)
            }
        }
    }

    @Test func perfectOrContradictoryCorrelationsHaveNoFactor() {
        #expect(CorrelationMatrix(names: ["A", "B"], values: [[1, 1], [1, 1]]).cholesky() == nil)
        #expect(CorrelationMatrix(names: ["A", "B", "C"], values: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]).cholesky() == nil)
    }
}
