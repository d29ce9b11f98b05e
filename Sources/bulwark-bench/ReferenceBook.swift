import BulwarkJSON
import Foundation

/// The calibration benchmark's reference book (docs/CALIBRATION.md): short strangles, covered
/// calls, 5x perpetual longs, perpetual shorts, put spreads and short calls, in portfolio, cross
/// and isolated modes, on BTC, ETH and SOL at two sizes and BTC at a whale's: 6 x 3 x 7 = 126
/// accounts, each funded at 1.05 x its initial margin under the defaults.
enum ReferenceBook {
    static let spots = ["BTC": 60_000.0, "ETH": 3_000.0, "SOL": 150.0]
    static let volatilities = ["BTC": 0.60, "ETH": 0.75, "SOL": 0.90]
    /// One BTC's worth of each underlying, so every book holds about the same notional per unit.
    static let unit = ["BTC": 1.0, "ETH": 20.0, "SOL": 400.0]
    static let variants: [(underlying: String, size: Double)] = [("BTC", 1), ("BTC", 3), ("ETH", 1), ("ETH", 3), ("SOL", 1), ("SOL", 3), ("BTC", 10)]
    static let modes = ["portfolio", "cross", "isolated"]
    static let shapes = ["short-strangle", "covered-call", "perpetual-5x", "perpetual-short", "put-spread", "short-call"]
    /// 30 days after the benchmark's clock (2026-12-01).
    static let expiry = "31DEC26"

    static var count: Int { shapes.count * modes.count * variants.count }

    /// The positions and mode of account `index` (cycling the 126 with sizes +1% per cycle beyond them).
    static func account(_ index: Int) -> (positions: JSONValue, mode: String) {
        let shape = shapes[index % shapes.count]
        let mode = modes[(index / shapes.count) % modes.count]
        let variant = variants[(index / (shapes.count * modes.count)) % variants.count]
        let underlying = variant.underlying
        let size = variant.size * unit[underlying]! * (1 + Double(index / count) * 0.01)
        let spot = spots[underlying]!
        func option(_ moneyness: Double, _ kind: String, _ quantity: Double) -> JSONValue {
            let strike = Int((spot * moneyness).rounded())
            return .object(JSONObject([
                ("instrument", .string("\(underlying)-\(expiry)-\(strike)-\(kind)")),
                ("size", .number(quantity)),
                ("markIv", .number(volatilities[underlying]!)),
            ]))
        }
        func perpetual(_ quantity: Double) -> JSONValue {
            .object(JSONObject([("instrument", .string("\(underlying)-PERPETUAL")), ("size", .number(quantity)), ("entryPrice", .number(spot))]))
        }
        let positions: [JSONValue]
        switch shape {
        case "short-strangle": positions = [option(1.1, "C", -size), option(0.9, "P", -size)]
        case "covered-call": positions = [perpetual(size), option(1.1, "C", -size)]
        case "perpetual-5x": positions = [perpetual(5 * size)]
        case "perpetual-short": positions = [perpetual(-size)]
        case "put-spread": positions = [option(0.95, "P", 2 * size), option(0.85, "P", -2 * size)]
        default: positions = [option(1.05, "C", -size)]
        }
        return (.array(positions), mode)
    }
}
