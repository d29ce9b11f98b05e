import Foundation
import Testing
@testable import RiskCore

/// Derive's published PMRM_2 cases straight through the risk core, without the HTTP layer:
/// MM = equity - maintenanceMargin and IM = equity - initialMargin within 1e-6 relative. The
/// fixture is the service tests' (`Tests/BulwarkServiceTests/Fixtures/derive_pmrm2_cases.json`),
/// read here by path so there is one copy; `DerivePMRM2RouteTests` runs the same cases over HTTP.
@Suite struct DerivePMRM2MarginTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var portfolio: Portfolio
        var market: MarketData
        var asOf: Timestamp
        var parameters: DerivePMRM2Parameters
        var mm: Double
        var im: Double

        var testDescription: String { name }
    }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../BulwarkServiceTests/Fixtures/derive_pmrm2_cases.json").standardized

    static func cases() throws -> [Case] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any] ?? [:]
        return try (root["cases"] as? [[String: Any]] ?? []).map(decode)
    }

    @Test func fixtureHoldsTheSeventeenCases() throws {
        #expect(try Self.cases().count == 17)
    }

    @Test(arguments: try cases())
    func matchesDerive(_ derive: Case) throws {
        let result = try DerivePMRM2Margin(parameters: derive.parameters).margin(derive.portfolio, market: derive.market, asOf: derive.asOf)
        let mm = result.equity - result.maintenanceMargin
        let im = result.equity - result.initialMargin
        #expect(abs(mm - derive.mm) <= 1e-6 * max(abs(derive.mm), 1), "\(derive.name) MM \(mm) vs \(derive.mm)")
        #expect(abs(im - derive.im) <= 1e-6 * max(abs(derive.im), 1), "\(derive.name) IM \(im) vs \(derive.im)")
    }

    // MARK: The fixture's request shape, read into the core's values

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    static func decode(_ entry: [String: Any]) throws -> Case {
        let name = entry["name"] as? String ?? "?"
        guard let request = entry["request"] as? [String: Any], let asOf = (request["asOf"] as? String).flatMap(Timestamp.init(iso8601:)),
              let mm = entry["MM"] as? Double, let im = entry["IM"] as? Double else { throw FixtureError(description: "\(name): incomplete") }
        var market = MarketData()
        for (asset, value) in request["market"] as? [String: [String: Any]] ?? [:] {
            var expiries: [Timestamp: ExpiryMarket] = [:]
            for (date, point) in value["expiries"] as? [String: [String: Any]] ?? [:] {
                guard let expiry = Timestamp(iso8601: date), let forward = point["forward"] as? Double else { continue }
                expiries[expiry] = ExpiryMarket(forward: forward, rate: point["rate"] as? Double ?? 0,
                                                forwardConfidence: point["forwardConfidence"] as? Double,
                                                rateConfidence: point["rateConfidence"] as? Double, volConfidence: point["volConfidence"] as? Double)
            }
            market[asset] = AssetMarket(spot: value["spot"] as? Double ?? .nan, spotConfidence: value["spotConfidence"] as? Double,
                                        perpPrice: value["perpPrice"] as? Double, perpConfidence: value["perpConfidence"] as? Double,
                                        expiries: expiries)
        }
        let positions = try (request["positions"] as? [[String: Any]] ?? []).map { position in
            Position(instrument: try instrument(position["instrument"], name), size: position["size"] as? Double ?? .nan,
                     markIv: position["markIv"] as? Double, unrealizedPnl: position["unrealizedPnl"] as? Double,
                     unrealizedFunding: position["unrealizedFunding"] as? Double)
        }
        let collateral = (request["collateral"] as? [[String: Any]] ?? []).map { holding in
            let haircut = holding["haircut"] as? [String: Double]
            return CollateralHolding(asset: holding["asset"] as? String ?? "", amount: holding["amount"] as? Double ?? .nan,
                                     price: holding["price"] as? Double, confidence: holding["confidence"] as? Double,
                                     riskCancelling: holding["riskCancelling"] as? Bool,
                                     haircut: haircut.map { HaircutOverride(initial: $0["initial"] ?? .nan, maintenance: $0["maintenance"] ?? .nan) })
        }
        let methodology = request["methodology"] as? [String: Any] ?? [:]
        return Case(name: name, portfolio: Portfolio(cash: request["cash"] as? Double ?? 0, collateral: collateral, positions: positions),
                    market: market, asOf: asOf, parameters: try parameters(methodology["parameters"] as? [String: Any] ?? [:]), mm: mm, im: im)
    }

    static func instrument(_ value: Any?, _ name: String) throws -> Instrument {
        if let deribitName = value as? String, let instrument = Instrument(deribitName: deribitName) { return instrument }
        guard let object = value as? [String: Any], let underlying = object["underlying"] as? String, let kind = object["kind"] as? String else {
            throw FixtureError(description: "\(name): unreadable instrument \(String(describing: value))")
        }
        switch kind {
        case "perpetual": return .perpetual(underlying)
        case "call", "put":
            guard let strike = object["strike"] as? Double, let expiry = (object["expiry"] as? String).flatMap(Timestamp.init(iso8601:)) else {
                throw FixtureError(description: "\(name): option without strike or expiry")
            }
            return .option(underlying, kind == "call" ? .call : .put, strike: strike, expiry: expiry)
        default: throw FixtureError(description: "\(name): instrument kind \(kind)")
        }
    }

    /// The published parameters with the case's overrides merged in, member by member.
    static func parameters(_ overrides: [String: Any]) throws -> DerivePMRM2Parameters {
        func merge(_ base: Any, _ override: Any) -> Any {
            guard let base = base as? [String: Any], let override = override as? [String: Any] else { return override }
            return base.merging(override) { merge($0, $1) }
        }
        let published = try JSONSerialization.jsonObject(with: JSONEncoder().encode(DerivePMRM2Parameters.published))
        return try JSONDecoder().decode(DerivePMRM2Parameters.self, from: JSONSerialization.data(withJSONObject: merge(published, overrides)))
    }
}
