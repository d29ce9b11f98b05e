import Foundation
import Testing
@testable import RiskCore

/// One of Derive's published cases read into the risk core's values, with its profile's
/// parameters: what the Derive profiles' own tests run.
struct DeriveCoreCase<Parameters: Codable & Sendable>: Sendable, CustomTestStringConvertible {
    var name: String
    var portfolio: Portfolio
    var market: MarketData
    var asOf: Timestamp
    var parameters: Parameters
    var mm: Double
    var im: Double
    /// Derive's portfolio cases give whole dollars, truncated toward zero; the others are exact.
    var wholeDollars: Bool

    var testDescription: String { name }

    /// The cases of the service tests' fixture `file`, their overrides merged over `base`.
    static func load(_ file: String, over base: Parameters) throws -> [DeriveCoreCase] {
        try DeriveFixture.entries(file).map { entry in
            let input = try DeriveFixture.decode(entry)
            return DeriveCoreCase(name: input.name, portfolio: input.portfolio, market: input.market, asOf: input.asOf,
                                  parameters: try DeriveFixture.parameters(input.parameters, over: base), mm: input.mm, im: input.im,
                                  wholeDollars: entry["kind"] as? String == "portfolio")
        }
    }

    /// Whether `value` is Derive's `expected`: to the whole dollar or within 1e-6 relative.
    func matches(_ value: Double, _ expected: Double) -> Bool {
        wholeDollars ? value.rounded(.towardZero) == expected : abs(value - expected) <= 1e-6 * max(abs(expected), 1)
    }
}
