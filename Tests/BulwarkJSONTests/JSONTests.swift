import Foundation
import Testing
@testable import BulwarkJSON

@Suite struct JSONTests {
    @Test func numbersAreWrittenInShortestRoundTripForm() {
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let bits = state
            let value = Double(bitPattern: bits)
            guard value.isFinite else { continue }
            var bytes: [UInt8] = []
            JSONWriter.appendNumber(value, to: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Double(text) == value, "\(text) does not round-trip \(value)")
            if !(value == value.rounded() && abs(value) < 1e15) {
                #expect(text == value.description)
            }
        }
        for (value, expected) in [(0.0, "0"), (-0.0, "0"), (60_000.0, "60000"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-5, "1e-05"),
                                  (1e300, "1e+300"), (Double.nan, "null"), (Double.infinity, "null")] {
            #expect(String(decoding: JSONWriter.encode(.number(value)), as: UTF8.self) == expected)
        }
    }

    /// Short decimals (written from an integer) and repeated numbers (copied) read exactly as
    /// the standard library's shortest form would.
    @Test func shortDecimalsAndRepeatsMatchTheShortestForm() {
        var state: UInt64 = 99
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var values: [Double] = [0.001, 0.0011, 0.000999, 999_999_999.999999, 999_999_999.9999999, 1e9 + 0.5, 0.015, -0.135,
                                -0.25, 0.1 + 0.2, 123_456.000001, 0.1234565, 1.000001, 1.0000001, 0.5, 5e-4]
        for _ in 0..<50_000 {
            let decimals = Int(next() % 8)
            let integer = Double(next() % 2_000_000_000) / pow(10, Double(decimals))
            values.append(next() % 2 == 0 ? integer : -integer)
            values.append(Double(bitPattern: next() % (1 << 62)))
        }
        for value in values where value.isFinite {
            let writer = JSONWriter()
            writer.write(.array([.number(value), .number(value), .number(1), .number(value)]))
            let text = String(decoding: writer.bytes, as: UTF8.self)
            let shortest = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
            #expect(text == "[\(shortest),\(shortest),1,\(shortest)]", "\(value)")
        }
    }

    /// Schubfach's digits, laid out as the standard library lays them out, for every kind of
    /// double it takes: random bits across its whole range, powers of two (whose lower
    /// neighbour is closer), the edges of the plain and exponent forms, and prices and
    /// ratios of up to 17 digits.
    @Test func shortestDecimalsMatchTheStandardLibrary() {
        var state: UInt64 = 2026
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var values: [Double] = [0x1p-70, 0x1p53, 0x1p53.nextDown, 0x1p52, 0x1p52 + 0.5, 1e-4, 1e-4.nextDown, 1e-4.nextUp,
                                9.999999999999999e-05, 1e15 + 0.5, 1e16.nextDown, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 5e-21,
                                123_456.789_012_345_67, 0.000_012_345, 1.7e-5, 4.35e-6]
        for exponent in -70...53 {
            values.append(Double(sign: .plus, exponent: exponent, significand: 1))
            values.append(Double(sign: .plus, exponent: exponent, significand: 1).nextUp)
            values.append(Double(sign: .plus, exponent: exponent, significand: 1).nextDown)
        }
        for _ in 0..<300_000 {
            // Any significand at a binary exponent from -70 to 52.
            let exponent = UInt64(1023 - 70) + next() % 123
            values.append(Double(bitPattern: exponent << 52 | next() & (1 << 52 - 1)))
            // A price or a ratio: a random integer of up to 17 digits over a power of ten.
            values.append(Double(next() % 100_000_000_000_000_000 / (next() % 17 + 1)) / pow(10, Double(next() % 22)))
        }
        var checked = 0
        for value in values where value > 0 {
            guard let decimal = ShortestDecimal(value) else {
                #expect(value < 0x1p-70 || value > 0x1p53, "\(value) was turned away")
                continue
            }
            let bytes = JSONBytes(capacity: 32)
            bytes.appendDescription(of: decimal)
            #expect(String(decoding: bytes.array, as: UTF8.self) == value.description, "\(value.bitPattern)")
            checked += 1
        }
        #expect(checked > 590_000)
        #expect(ShortestDecimal(0x1p53.nextUp) == nil)
        #expect(ShortestDecimal(0) == nil)
        #expect(ShortestDecimal(.infinity) == nil)
        #expect(ShortestDecimal(.nan) == nil)
        #expect(ShortestDecimal(0.1) == ShortestDecimal(significand: 1, exponent: -1))
        #expect(ShortestDecimal(90_000.5) == ShortestDecimal(significand: 900_005, exponent: -1))
    }

    /// The written-out table of powers of ten is each power exactly, shifted to fill 128 bits.
    @Test func shortestDecimalPowersOfTenAreExact() {
        var power: UInt128 = 1
        for exponent in 0...38 {
            let shifted = power << (127 - ShortestDecimal.floorLog2PowerOfTen(exponent))
            #expect(shifted >> 127 == 1, "10^\(exponent) does not fill 128 bits")
            #expect(ShortestDecimal.powersOfTen[2 * exponent] == UInt64(truncatingIfNeeded: shifted >> 64), "10^\(exponent)")
            #expect(ShortestDecimal.powersOfTen[2 * exponent + 1] == UInt64(truncatingIfNeeded: shifted), "10^\(exponent)")
            if exponent < 38 { power *= 10 }
        }
        #expect(ShortestDecimal.powersOfTen.count == 78)
        for exponent in 0...19 {
            #expect(ShortestDecimal.powerOfTen(exponent) == (0..<exponent).reduce(UInt64(1)) { value, _ in value * 10 })
        }
    }

    @Test func decimalStringsFollowOneStrictGrammar() {
        for (text, value) in [("60000.5", 60_000.5), ("-1", -1.0), ("1e-5", 1e-5), (".5", 0.5), ("0", 0.0)] {
            #expect(JSONDecimal.parse(text) == value, "\(text)")
        }
        for bad in ["", "+1", " 1", "1 ", "0x10", "NaN", "inf", "1e", ".", "-", "1.2.3", "1,5"] {
            #expect(JSONDecimal.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func stringsAreEscaped() {
        let text = String(decoding: JSONWriter.encode(.string("a\"b\\c\n\u{1}é")), as: UTF8.self)
        #expect(text == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }

    @Test func streamWriterPlacesCommas() {
        var json = JSONStreamWriter()
        json.object { json in
            json.field("a", 1.0)
            json.array("list") { json in
                json.element { $0.field("x", true) }
                json.element { $0.field("y", "z") }
                json.element("s")
            }
            json.object("empty") { _ in }
            json.field("n", nil as Double?)
        }
        #expect(String(decoding: json.finish(), as: UTF8.self) == #"{"a":1,"list":[{"x":true},{"y":"z"},"s"],"empty":{},"n":null}"#)
    }

    @Test func parserRefusesWhatRFC8259Refuses() throws {
        for bad in ["", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "NaN", "'a'", "\"\\x\"", "\"\u{1}\"",
                    "[" + String(repeating: "[", count: 70) + String(repeating: "]", count: 71), "{\"a\" 1}", "tru", "\"\\uD800\""] {
            #expect(throws: JSONParser.SyntaxError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
        #expect(try JSONParser.parse(Array("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\\ud83d\\ude00\"]}".utf8))
                == .object(JSONObject([("a", .array([.number(1), .number(-2500), .bool(true), .null, .string("é😀")]))])))
    }

    /// A duplicate member name is refused wherever it is: among a few members, past sixteen,
    /// spelt with an escape, inside nested values; equal names in different objects are fine.
    @Test func duplicateNamesAreRefusedAtTheirOffset() throws {
        let many = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        for (bad, offset) in [(#"{"a":1,"b":{"a":2},"a":3}"#, 19), ("{\(many),\"k3\":0}", many.utf8.count + 2),
                              (#"{"ab":1,"a\u0062":2}"#, 8), (#"[{"x":[1,{"y":1,"y":2}]}]"#, 16)] {
            #expect(throws: JSONParser.SyntaxError(offset: offset, reason: "duplicate member name '\(bad.contains("k3\":0") ? "k3" : bad.contains("ab") ? "ab" : bad.contains("y") ? "y" : "a")'")) {
                try JSONParser.parse(Array(bad.utf8))
            }
        }
        #expect(try JSONParser.parse(Array(#"{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"#.utf8))["b"] == .array([.object(JSONObject([("a", .number(1))])), .object(JSONObject([("a", .number(2))]))]))
    }

    /// A field-name table knows a name only whole: not its prefix, not a longer name, not
    /// another of the same length.
    @Test func fieldNamesMatchWholeNamesOnly() {
        let names: JSONFieldNames = ["spot", "spotConfidence", "vol", "", "é"]
        func has(_ name: String) -> Bool {
            var name = name
            return name.withUTF8 { names.contains($0) }
        }
        #expect(["spot", "spotConfidence", "vol", "", "é"].allSatisfy(has))
        #expect(!["spo", "spots", "spotConfidenc", "Vol", "vom", "e", "éé"].contains(where: has))
        #expect(names.sorted() == ["", "spot", "spotConfidence", "vol", "é"] && names.union(["x"]).names.count == 6)
    }

    /// A document's nodes read as the tree they parse to: members by name (escaped or not),
    /// elements in order, a subtree skipped whole.
    @Test func documentNodesReadInPlace() throws {
        let document = try JSONParser.document(Array(#"{"list":[1,{"deep":[[],{}]},"x"],"t\u0065xt":"a\"b","n":null,"f":false}"#.utf8))
        try document.read { node in
            let root = try #require(node.objectValue)
            #expect(root.count == 4 && root.keys == ["list", "text", "n", "f"])
            #expect(root["text"]?.stringValue == "a\"b" && root["text"]?.isString("a\"b") == true)
            #expect(root["n"]?.isNull == true && root["f"]?.boolValue == false && root["missing"] == nil)
            #expect(root["list"]?.arrayValue?.map(\.typeName) == ["a number", "an object", "a string"])
            #expect(root["list"]?.arrayValue?[2].stringValue == "x")
            #expect(root.unknownKeys(["list", "n"]) == ["text", "f"])
        }
        #expect(document.read(\.jsonValue) == (try JSONParser.parse(Array(#"{"list":[1,{"deep":[[],{}]},"x"],"text":"a\"b","n":null,"f":false}"#.utf8))))
    }

    /// The parser's fast path (15 digits or fewer, no exponent) must give strtod's bits, and
    /// so must the numbers it leaves to strtod.
    @Test func numbersParseToTheCorrectlyRoundedDouble() throws {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var texts = ["0", "-0", "0.1", "0.2", "0.3", "1.5", "90000", "-0.135", "0.000001", "123456789012345",
                     "1234567890123456", "0.1234567890123456789", "9007199254740993", "1e22", "1.7976931348623157e308",
                     "0.00000000000000000000001", "4.9406564584124654e-324", "100000000000000000000000"]
        // Ties between two doubles, exactly and one digit off, with 16 to 19 digits.
        texts += ["9007199254740993", "9007199254740993.0", "900719925474099.3", "0.9007199254740993", "9007199254740992.5",
                  "18014398509481987", "1801439850948198.7", "9999999999999999999", "0.9999999999999999999",
                  "0.9537637948329145", "1844674407370955161.5", "4.503599627370497", "4.5035996273704975"]
        for _ in 0..<20_000 {
            // Up to 15 digits, and 16 to 19 (two draws: next() has 53 bits).
            let long = next() % 2 == 0
            let digits = long ? String((next() % 10_000) * 1_000_000_000_000_000 + next() % 1_000_000_000_000_000)
                : String(next() % 1_000_000_000_000_000)
            let point = Int(next() % UInt64(digits.count + 1))
            let fraction = Int(next() % 4) == 0 ? String(repeating: "0", count: Int(next() % 6)) : ""
            var text = point == 0 ? "0." + fraction + digits : String(digits.prefix(point)) + "." + fraction + digits.dropFirst(point)
            if text.hasSuffix(".") { text += "5" }
            if next() % 2 == 0 { text = "-" + text }
            texts.append(text)
        }
        for text in texts {
            let parsed = try JSONParser.parse(Array(text.utf8))
            let expected = try #require(Double(text))
            guard case .number(let value) = parsed else { Issue.record("\(text) did not parse as a number"); continue }
            #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs strtod \(expected)")
        }
    }

    /// Strings are UTF-8: valid multi-byte text is kept, malformed bytes are refused (never
    /// repaired into U+FFFD), in keys and values, with or without escapes around them.
    @Test func stringsMustBeValidUTF8() throws {
        #expect(try JSONParser.parse(Array("{\"clé\":\"€ 😀\"}".utf8)) == .object(JSONObject([("clé", .string("€ 😀"))])))
        let malformed: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF5, 0x80, 0x80, 0x80]]
        for bytes in malformed {
            for document in [[0x22] + bytes + [0x22], [0x22, 0x5C, 0x6E] + bytes + [0x22], Array("{\"".utf8) + bytes + Array("\":1}".utf8)] {
                #expect(throws: JSONParser.SyntaxError.self, "\(document)") { try JSONParser.parse(document) }
            }
        }
    }

    /// Whatever the writers write, the parser reads back as the same value: random documents
    /// with escapes, non-ASCII text, repeated and short-decimal numbers, nested both ways.
    @Test func writtenDocumentsParseBackToTheSameValue() throws {
        var state: UInt64 = 2026
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let pieces = ["a", "é", "😀", "\"", "\\", "\n", "\u{1}", "\u{1F}", "/", " ", "key", "BTC-27MAR26-60000-C"]
        func text() -> String { (0..<Int(next() % 5)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined() }
        func number() -> Double {
            switch next() % 4 {
            case 0: return Double(Int64(next() % 2_000_000) - 1_000_000)
            case 1: return Double(Int64(next() % 2_000_000) - 1_000_000) / 1_000
            case 2: return Double(bitPattern: next() % (1 << 62)) * (next() % 2 == 0 ? 1 : -1)
            default: return 0.1 + 0.2
            }
        }
        func value(depth: Int) -> JSONValue {
            switch depth > 3 ? next() % 4 : next() % 6 {
            case 0: return .null
            case 1: return .bool(next() % 2 == 0)
            case 2: return .number(number())
            case 3: return .string(text())
            case 4: return .array((0..<Int(next() % 4)).map { _ in value(depth: depth + 1) })
            default:
                var object = JSONObject()
                for index in 0..<Int(next() % 4) { object[text() + String(index)] = value(depth: depth + 1) }
                return .object(object)
            }
        }
        for _ in 0..<2_000 {
            let document = value(depth: 0)
            let bytes = JSONWriter.encode(document)
            #expect(try JSONParser.parse(bytes) == document, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
