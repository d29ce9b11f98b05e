import Testing
@testable import RiskCore

@Suite struct HexTests {
    @Test func encodesLowerCaseAndReadsEitherCase() {
        #expect(Hex.encode([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Hex.decode("000fa5ff") == [0x00, 0x0F, 0xA5, 0xFF] && Hex.decode("000FA5FF") == [0x00, 0x0F, 0xA5, 0xFF])
        #expect(Hex.decode("") == [])
    }

    @Test func refusesOddLengthsAndOtherCharacters() {
        #expect(Hex.decode("abc") == nil && Hex.decode("zz") == nil && Hex.decode("0x00") == nil)
    }
}
