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
    @inlinable
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
    /// Reduction x + tail = k ln 2 + r with |r| <= ln2 / 2 and ln 2 in two parts, then fdlibm's
    /// rational form of e^r (a degree-5 polynomial in r^2 and one division), then 2^k from bits.
    @inlinable
    public static func exp(_ x: Lanes, plus tail: Lanes) -> Lanes {
        var clamped = x
        clamped.replace(with: -746, where: x .< -746)
        clamped.replace(with: 710, where: x .> 710)
        let shifted = (clamped + tail) * log2e + shifter
        let k = shifted - shifter
        let r = ((clamped - k * ln2Hi) + tail) - k * ln2Lo
        let t = r * r
        var polynomial = t * 4.138_136_797_057_238_460_39e-08 - 1.653_390_220_546_525_153_90e-06
        polynomial = polynomial * t + 6.613_756_321_437_934_361_17e-05
        polynomial = polynomial * t - 2.777_777_777_701_559_338_42e-03
        polynomial = polynomial * t + 1.666_666_666_666_660_190_37e-01
        let c = r - t * polynomial
        let p = 1 - ((r * c) / (c - 2) - r)
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
