import Foundation

/// The standard normal distribution.
///
/// The CDF goes through `erfc`, so the far tails keep their relative accuracy
/// (N(-30) is about 4.9e-198, not 0), which matters for deep out-of-the-money
/// Greeks and for put-call symmetry.
public enum NormalDistribution {
    @usableFromInline static let inverseSquareRootTwo = 0.707_106_781_186_547_524_400_844_362_104_849_039
    @usableFromInline static let inverseSquareRootTwoPi = 0.398_942_280_401_432_677_939_946_059_934_381_868

    @inlinable
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x * inverseSquareRootTwo)
    }

    @inlinable
    public static func pdf(_ x: Double) -> Double {
        inverseSquareRootTwoPi * exp(-0.5 * x * x)
    }
}
