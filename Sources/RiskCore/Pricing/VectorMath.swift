/// exp over eight lanes at once, accurate to about one ulp: the scalar libm call does not
/// vectorize, and the scenario engine spends most of its time in exp and the normal CDF.
public enum VectorMath {
    public typealias Lanes = SIMD8<Double>

    @usableFromInline static let log2e = 1.442_695_040_888_963_407_359_924_681_001_892_137
    // ln 2 in two parts: k x ln2Hi is exact for |k| < 2^11.
    @usableFromInline static let ln2Hi = 6.931_471_803_691_238_164_90e-01
    @usableFromInline static let ln2Lo = 1.908_214_929_270_587_700_02e-10

    /// e^x per lane. Below -745 the result is 0; above 709.78, +infinity.
    @inlinable
    public static func exp(_ x: Lanes) -> Lanes {
        let clamped = x.clamped(lowerBound: Lanes(repeating: -746), upperBound: Lanes(repeating: 710))
        let k = (clamped * log2e).rounded(.toNearestOrEven)
        // r in [-ln2/2, ln2/2]: Taylor to degree 13 leaves under 1e-17 relative.
        let r = (clamped - k * ln2Hi) - k * ln2Lo
        var p = Lanes(repeating: 1.0 / 6_227_020_800)
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2^k in two factors, so subnormal results and k up to 1024 stay exact.
        let integer = SIMD8<Int64>(k)
        let half = integer &>> 1
        let rest = integer &- half
        let scaleA = unsafeBitCast((half &+ 1023) &<< 52, to: Lanes.self)
        let scaleB = unsafeBitCast((rest &+ 1023) &<< 52, to: Lanes.self)
        var result = p * scaleA * scaleB
        result.replace(with: 0, where: x .< -745.2)
        result.replace(with: .infinity, where: x .> 709.78)
        return result
    }
}
