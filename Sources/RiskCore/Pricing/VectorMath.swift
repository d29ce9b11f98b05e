/// exp over eight lanes at once, accurate to about one ulp: the scalar libm call does not
/// vectorize, and the scenario engine spends most of its time in exp and the normal CDF.
///
/// Written with plain lane arithmetic and bit reinterpretation only: the generic SIMD
/// conversions and rounding rules of the standard library go lane by lane through witness
/// tables and cost more than the arithmetic.
public enum VectorMath {
    public typealias Lanes = SIMD8<Double>

    @usableFromInline static var log2e: Double { 1.442_695_040_888_963_407_359_924_681_001_892_137 }
    // ln 2 in two parts: k x ln2Hi is exact for |k| < 2^11.
    @usableFromInline static var ln2Hi: Double { 6.931_471_803_691_238_164_90e-01 }
    @usableFromInline static var ln2Lo: Double { 1.908_214_929_270_587_700_02e-10 }
    /// 1.5 x 2^52: adding it rounds a double of magnitude under 2^51 to an integer, which then
    /// sits in the low bits of the sum's representation.
    @usableFromInline static var shifter: Double { 6_755_399_441_055_744 }

    /// Rounds each lane to the nearest integer (ties to even), for |x| < 2^51.
    @_transparent
    public static func roundToInteger(_ x: Lanes) -> Lanes {
        (x + shifter) - shifter
    }

    /// e^x per lane. Below -745.2 the result is 0; above 709.78, +infinity.
    @inlinable
    public static func exp(_ x: Lanes) -> Lanes {
        exp(x, plus: Lanes(repeating: 0))
    }

    /// e^(x + tail) per lane, for a tail much smaller than x that the caller kept exact apart:
    /// the sum is never rounded, so a large argument keeps its relative accuracy.
    ///
    /// Reduction x + tail = k ln 2 + r with |r| <= ln2 / 2 and ln 2 in two parts, then e^r as its
    /// Taylor polynomial to r^13 (the first term left out is under 5e-18 relative), then 2^k
    /// from bits. No division: a vector division costs as much as the whole polynomial.
    @_transparent
    public static func exp(_ x: Lanes, plus tail: Lanes) -> Lanes {
        var clamped = x
        clamped.replace(with: -746, where: x .< -746)
        clamped.replace(with: 710, where: x .> 710)
        let shifted = (clamped + tail) * log2e + shifter
        let k = shifted - shifter
        let r = ((clamped - k * ln2Hi) + tail) - k * ln2Lo
        // e^r = 1 + r + r^2 T(r), T's twelve terms in Estrin's scheme: pairs, then powers of
        // r^2, so the chain of dependent steps is 6 long instead of Horner's 12.
        let r2 = r * r
        let r4 = r2 * r2
        let q0 = r * 1.666_666_666_666_666_6e-01 + 0.5
        let q1 = r * 8.333_333_333_333_333e-03 + 4.166_666_666_666_666_4e-02
        let q2 = r * 1.984_126_984_126_984e-04 + 1.388_888_888_888_889e-03
        let q3 = r * 2.755_731_922_398_589_3e-06 + 2.480_158_730_158_73e-05
        let q4 = r * 2.505_210_838_544_172e-08 + 2.755_731_922_398_589e-07
        let q5 = r * 1.605_904_383_682_161_3e-10 + 2.087_675_698_786_81e-09
        let s0 = q1 * r2 + q0
        let s1 = q3 * r2 + q2
        let s2 = q5 * r2 + q4
        let t = (s2 * r4 + s1) * r4 + s0
        let p = 1 + (r + r2 * t)
        // k as an integer from the shifted sum's low bits; 2^k in two factors so subnormal
        // results and k = 1024 stay exact.
        let integer = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- 0x4338_0000_0000_0000
        let half = integer &>> 1
        let rest = integer &- half
        let scaleA = unsafeBitCast((half &+ 1023) &<< 52, to: Lanes.self)
        let scaleB = unsafeBitCast((rest &+ 1023) &<< 52, to: Lanes.self)
        var result = p * scaleA * scaleB
        let sum = x + tail
        result.replace(with: 0, where: sum .< -745.2)
        result.replace(with: .infinity, where: sum .> 709.78)
        return result
    }
}
