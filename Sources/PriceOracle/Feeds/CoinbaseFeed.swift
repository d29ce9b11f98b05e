import BulwarkJSON
import RiskCore

/// Coinbase Exchange ticker: `GET /products/BTC-USD/ticker`. Strings; `time` is ISO-8601.
public struct CoinbaseFeed: PriceFeed {
    public let kind = "coinbase"
    public var product: String
    public var baseURL: String

    public init(product: String, baseURL: String = "https://api.exchange.coinbase.com") {
        self.product = product
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/products/\(product)/ticker" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            if case .string(let message)? = root["message"] { return .failure(.rejected("Coinbase error: \(message)")) }
            return FeedParsing.price(root["price"], "price").map { price in
                var published: Double?
                if case .string(let time)? = root["time"], let timestamp = Timestamp(iso8601: time) {
                    published = Double(timestamp.secondsSinceEpoch)
                }
                return FeedReading(spot: SpotQuote(price: price, publishedAt: published))
            }
        }
    }
}
