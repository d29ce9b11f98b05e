import BulwarkJSON
import Foundation
import Testing

/// One of Derive's published cases as a fixture gives it: a `POST /v1/margin` body and
/// Derive's MM and IM (`portfolio` cases in whole dollars, the others exact).
struct DeriveCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: String
    var mm: Double
    var im: Double
    var wholeDollars: Bool

    var testDescription: String { name }

    /// The cases of `Fixtures/<resource>.json`.
    static func load(_ resource: String) throws -> [DeriveCase] {
        let url = try #require(Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Fixtures"))
        let root = try JSONParser.parse(Array(try Data(contentsOf: url)))
        return (root["cases"]?.array ?? []).map { entry in
            DeriveCase(name: entry["name"]?.string ?? "?", request: String(decoding: JSONWriter.encode(entry["request"] ?? .null), as: UTF8.self),
                       mm: entry["MM"]?.double ?? .nan, im: entry["IM"]?.double ?? .nan, wholeDollars: entry["kind"]?.string == "portfolio")
        }
    }

    /// Derive's MM and IM of an answer: equity less each requirement.
    static func margins(_ answer: JSONValue) throws -> (mm: Double, im: Double) {
        let equity = try #require(answer["equity"]?.double)
        return (equity - (answer["maintenanceMargin"]?.double ?? .nan), equity - (answer["initialMargin"]?.double ?? .nan))
    }

    /// Posts the case to `POST /v1/margin` and checks the answer's MM and IM against
    /// Derive's; the answer and Derive's MM of it, for the profile's own checks.
    func postAndMatch() throws -> (answer: JSONValue, mm: Double) {
        let (response, json) = APIClient().post("/v1/margin", request)
        #expect(response.status == .ok, "\(name): \(String(decoding: response.body, as: UTF8.self))")
        let body = try #require(json)
        let (mm, im) = try DeriveCase.margins(body)
        #expect(matches(mm, self.mm), "\(name) MM \(mm) vs \(self.mm)")
        #expect(matches(im, self.im), "\(name) IM \(im) vs \(self.im)")
        return (body, mm)
    }

    /// Whether `value` is Derive's `expected`: to the whole dollar (truncated toward zero) or within 1e-6 relative.
    func matches(_ value: Double, _ expected: Double) -> Bool {
        wholeDollars ? value.rounded(.towardZero) == expected : abs(value - expected) <= 1e-6 * max(abs(expected), 1)
    }
}
