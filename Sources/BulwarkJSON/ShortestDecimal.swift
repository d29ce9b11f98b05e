/// The shortest decimal that reads back as a given double, and of those the nearest to it:
/// the digits the standard library prints, found by Giulietti's Schubfach method
/// ("The Schubfach way to render doubles", 2020) in a fraction of the standard library's time.
///
/// Only for positive doubles from 2^-70 (about 8.5e-22) to 2^53, the numbers answers are made
/// of. There the scaling power 10^-k is an integer that fits in 128 bits, so every product
/// below is exact (the general method rounds the power up and proves that harmless); the
/// caller writes any other number the standard library's way.
struct ShortestDecimal: Equatable {
    /// The decimal digits as an integer, without trailing zeros.
    var significand: UInt64
    /// The power of ten the significand is scaled by.
    var exponent: Int

    init(significand: UInt64, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// Nil outside the supported range (and for zero, subnormals and non-finite numbers).
    /// Every quantity below is bounded well inside its type (c < 2^53, |q| < 1100, the
    /// products under 2^60), so the arithmetic wraps instead of checking for overflow.
    init?(_ value: Double) {
        guard value >= 0x1p-70, value <= 0x1p53 else { return nil }
        let bits = value.bitPattern
        let fraction = bits & (1 << 52 - 1)
        let c = fraction | 1 << 52
        let q = Int(bits >> 52) &- 1075 // value = c * 2^q
        // At a power of two the next double down is half as far as the next one up.
        let lowerIsCloser = fraction == 0
        let k = (q &* 1_262_611 &- (lowerIsCloser ? 524_031 : 0)) >> 22 // floor(log10(2^q)), or of 3/4 2^q
        guard -k < ShortestDecimal.powersOfTen.count / 2 else { return nil }
        let h = q &+ ShortestDecimal.floorLog2PowerOfTen(0 &- k) &+ 1
        let power = (high: ShortestDecimal.powersOfTen[0 &- 2 &* k], low: ShortestDecimal.powersOfTen[1 &- 2 &* k])
        // 4 v 10^-k and the two rounding bounds around it, each rounded to odd.
        let vb = ShortestDecimal.roundToOdd(power, (4 &* c) << h)
        let vbl = ShortestDecimal.roundToOdd(power, (4 &* c &- 2 &+ (lowerIsCloser ? 1 : 0)) << h)
        let vbr = ShortestDecimal.roundToOdd(power, (4 &* c &+ 2) << h)
        // An even significand reads back from its bounds too (ties go to even).
        let even = c & 1 == 0
        let lower = vbl &+ (even ? 0 : 1)
        let upper = vbr &- (even ? 0 : 1)
        var digits: UInt64
        var scale = k
        let s = vb / 4
        let shorter = s / 10
        let shorterDown = lower <= 40 &* shorter
        let shorterUp = 40 &* shorter &+ 40 <= upper
        if s >= 10, shorterDown != shorterUp {
            // One digit fewer reads back, from one side only.
            digits = shorter &+ (shorterUp ? 1 : 0)
            scale &+= 1
        } else {
            let down = lower <= 4 &* s
            let up = 4 &* s &+ 4 <= upper
            if down != up {
                digits = s &+ (up ? 1 : 0)
            } else {
                // Both neighbours read back: the nearer one, the even one on a tie.
                let middle = 4 &* s &+ 2
                digits = s &+ (vb > middle || (vb == middle && s & 1 == 1) ? 1 : 0)
            }
        }
        // Up to 16 trailing zeros (a short decimal's): taken off eight at a time, then four, two, one.
        while ShortestDecimal.removeZeros(&digits, &scale, power: 100_000_000, count: 8) {}
        ShortestDecimal.removeZeros(&digits, &scale, power: 10_000, count: 4)
        ShortestDecimal.removeZeros(&digits, &scale, power: 100, count: 2)
        ShortestDecimal.removeZeros(&digits, &scale, power: 10, count: 1)
        self.init(significand: digits, exponent: scale)
    }

    /// How many decimal digits `value` has (1 for 0): from its bit length, and one comparison.
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        // 1233 / 4096 is just above log10(2): the digits of the largest number of that bit length.
        let guess = ((64 &- value.leadingZeroBitCount) &* 1_233) >> 12
        return guess &+ (value >= powerOfTen(guess) ? 1 : 0) &+ (value == 0 ? 1 : 0)
    }

    /// 10^e for e from 0 to 19.
    static func powerOfTen(_ e: Int) -> UInt64 { integerPowersOfTen[e] }

    private static let integerPowersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// Divides `digits` by `power` (10^`count`) when it ends in that many zeros.
    @inline(__always) @discardableResult
    private static func removeZeros(_ digits: inout UInt64, _ scale: inout Int, power: UInt64, count: Int) -> Bool {
        guard digits % power == 0 else { return false }
        digits /= power
        scale &+= count
        return true
    }

    /// floor(g * cp / 2^128), with its lowest bit set when anything was cut off.
    @inline(__always)
    private static func roundToOdd(_ g: (high: UInt64, low: UInt64), _ cp: UInt64) -> UInt64 {
        let x = g.low.multipliedFullWidth(by: cp)
        let y = g.high.multipliedFullWidth(by: cp)
        let (middle, carry) = y.low.addingReportingOverflow(x.high)
        let result = y.high &+ (carry ? 1 : 0)
        return result | (middle != 0 || x.low != 0 ? 1 : 0)
    }

    /// floor(log2(10^e)), exact for |e| < 1233.
    static func floorLog2PowerOfTen(_ e: Int) -> Int { (e &* 1_741_647) >> 19 }

    /// 10^e for e from 0 to 38, shifted left to fill 128 bits (each fits, so each is exact):
    /// high and low word in turn. Written out so that it needs no initialization at run time;
    /// a test derives it again.
    static let powersOfTen: [UInt64] = [
        0x8000000000000000, 0x0000000000000000, // 10^0
        0xA000000000000000, 0x0000000000000000, // 10^1
        0xC800000000000000, 0x0000000000000000, // 10^2
        0xFA00000000000000, 0x0000000000000000, // 10^3
        0x9C40000000000000, 0x0000000000000000, // 10^4
        0xC350000000000000, 0x0000000000000000, // 10^5
        0xF424000000000000, 0x0000000000000000, // 10^6
        0x9896800000000000, 0x0000000000000000, // 10^7
        0xBEBC200000000000, 0x0000000000000000, // 10^8
        0xEE6B280000000000, 0x0000000000000000, // 10^9
        0x9502F90000000000, 0x0000000000000000, // 10^10
        0xBA43B74000000000, 0x0000000000000000, // 10^11
        0xE8D4A51000000000, 0x0000000000000000, // 10^12
        0x9184E72A00000000, 0x0000000000000000, // 10^13
        0xB5E620F480000000, 0x0000000000000000, // 10^14
        0xE35FA931A0000000, 0x0000000000000000, // 10^15
        0x8E1BC9BF04000000, 0x0000000000000000, // 10^16
        0xB1A2BC2EC5000000, 0x0000000000000000, // 10^17
        0xDE0B6B3A76400000, 0x0000000000000000, // 10^18
        0x8AC7230489E80000, 0x0000000000000000, // 10^19
        0xAD78EBC5AC620000, 0x0000000000000000, // 10^20
        0xD8D726B7177A8000, 0x0000000000000000, // 10^21
        0x878678326EAC9000, 0x0000000000000000, // 10^22
        0xA968163F0A57B400, 0x0000000000000000, // 10^23
        0xD3C21BCECCEDA100, 0x0000000000000000, // 10^24
        0x84595161401484A0, 0x0000000000000000, // 10^25
        0xA56FA5B99019A5C8, 0x0000000000000000, // 10^26
        0xCECB8F27F4200F3A, 0x0000000000000000, // 10^27
        0x813F3978F8940984, 0x4000000000000000, // 10^28
        0xA18F07D736B90BE5, 0x5000000000000000, // 10^29
        0xC9F2C9CD04674EDE, 0xA400000000000000, // 10^30
        0xFC6F7C4045812296, 0x4D00000000000000, // 10^31
        0x9DC5ADA82B70B59D, 0xF020000000000000, // 10^32
        0xC5371912364CE305, 0x6C28000000000000, // 10^33
        0xF684DF56C3E01BC6, 0xC732000000000000, // 10^34
        0x9A130B963A6C115C, 0x3C7F400000000000, // 10^35
        0xC097CE7BC90715B3, 0x4B9F100000000000, // 10^36
        0xF0BDC21ABB48DB20, 0x1E86D40000000000, // 10^37
        0x96769950B50D88F4, 0x1314448000000000, // 10^38
    ]
}
