/// A symmetric correlation matrix over named underlyings, and the lower-triangular factor
/// `L` with `L Lᵀ` equal to it, which turns independent normals into correlated ones.
public struct CorrelationMatrix: Hashable, Sendable {
    public var names: [String]
    /// Row-major, `names.count` x `names.count`.
    public var values: [[Double]]

    public init(names: [String], values: [[Double]]) {
        self.names = names
        self.values = values
    }

    /// The Cholesky factor, or nil when the matrix is not positive definite (the pairwise
    /// correlations contradict each other, or two underlyings are perfectly correlated).
    public func cholesky() -> [[Double]]? {
        let n = names.count
        var factor = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for row in 0..<n {
            for column in 0...row {
                var sum = values[row][column]
                for k in 0..<column { sum -= factor[row][k] * factor[column][k] }
                if row == column {
                    // A pivot this small means a correlation of one, or no matrix at all.
                    guard sum > 1e-10 else { return nil }
                    factor[row][row] = sum.squareRoot()
                } else {
                    factor[row][column] = sum / factor[column][column]
                }
            }
        }
        return factor
    }
}
