import Foundation
@testable import RiskCore

/// Derive's published cases as the service tests' fixtures give them (a `POST /v1/margin`
/// request and Derive's MM and IM), read into the risk core's values, for the profiles'
/// own tests at the risk core.
enum DeriveFixture {
    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    /// A case's inputs, read into the core's values; its parameters stay JSON for the profile to decode.
    struct Input {
        var name: String
        var portfolio: Portfolio
        var market: MarketData
        var asOf: Timestamp
        var parameters: [String: Any]
        var mm: Double
        var im: Double
    }

    /// The service tests' fixture file of that name, read by path: one copy for both suites.
    static func entries(_ file: String) throws -> [[String: Any]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../BulwarkServiceTests/Fixtures/\(file)").standardized
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        return root["cases"] as? [[String: Any]] ?? []
    }

    static func decode(_ entry: [String: Any]) throws -> Input {
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
                     entryPrice: position["entryPrice"] as? Double, markIv: position["markIv"] as? Double, unrealizedPnl: position["unrealizedPnl"] as? Double,
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
        return Input(name: name, portfolio: Portfolio(cash: request["cash"] as? Double ?? 0, collateral: collateral, positions: positions),
                     market: market, asOf: asOf, parameters: methodology["parameters"] as? [String: Any] ?? [:], mm: mm, im: im)
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

    /// `base` with the case's overrides merged in, member by member.
    static func parameters<Parameters: Codable>(_ overrides: [String: Any], over base: Parameters) throws -> Parameters {
        func merge(_ base: Any, _ override: Any) -> Any {
            guard let base = base as? [String: Any], let override = override as? [String: Any] else { return override }
            return base.merging(override) { merge($0, $1) }
        }
        let published = try JSONSerialization.jsonObject(with: JSONEncoder().encode(base))
        return try JSONDecoder().decode(Parameters.self, from: JSONSerialization.data(withJSONObject: merge(published, overrides)))
    }
}
