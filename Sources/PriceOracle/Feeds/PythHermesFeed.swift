import BulwarkJSON
import Foundation

/// Pyth Hermes: `GET /v2/updates/price/latest?ids[]=ID&parsed=true`. `price` and `conf` are
/// decimal strings scaled by 10^expo; `publish_time` in seconds; ids without 0x. The
/// confidence interval becomes a confidence in [0, 1]: 1 - conf / price.
public struct PythHermesFeed: PriceFeed {
    public let kind = "pyth"
    public var priceID: String
    public var baseURL: String
    public var apiKey: String?
    public var apiKeyHeader: String

    public init(priceID: String, baseURL: String = "https://hermes.pyth.network", apiKey: String? = nil,
                apiKeyHeader: String = "x-api-key") {
        self.priceID = priceID.lowercased().hasPrefix("0x") ? String(priceID.dropFirst(2)).lowercased() : priceID.lowercased()
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiKeyHeader = apiKeyHeader
    }

    public var url: String { "\(baseURL)/v2/updates/price/latest?ids[]=\(priceID)&parsed=true" }

    public var headers: [String] { apiKey.map { ["\(apiKeyHeader): \($0)"] } ?? [] }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            guard case .array(let entries)? = root["parsed"] else { return .failure(.malformed("no parsed prices")) }
            guard let entry = entries.first(where: { entry in
                if case .string(let id)? = entry["id"] { return id.lowercased() == priceID }
                return false
            }) else { return .failure(.rejected("no price for id \(priceID.prefix(12))…")) }
            guard case .number(let exponent)? = entry["price"]?["expo"] else { return .failure(.malformed("price.expo missing")) }
            let scale = pow(10, exponent)
            return FeedParsing.price(entry["price"]?["price"], "price.price").flatMap { mantissa in
                FeedParsing.number(entry["price"]?["conf"], "price.conf").flatMap { conf in
                    FeedParsing.number(entry["price"]?["publish_time"], "price.publish_time").map { published in
                        let price = mantissa * scale
                        let confidence = conf.map { min(1, max(0, 1 - $0 * scale / price)) }
                        return FeedReading(spot: SpotQuote(price: price, confidence: confidence, publishedAt: published))
                    }
                }
            }
        }
    }
}
