import BulwarkJSON

/// Binance spot: `GET /api/v3/ticker/price?symbol=BTCUSDT`. The price is a string; the body
/// has no timestamp, so the fetch time dates it. Quoted in USDT.
public struct BinanceFeed: PriceFeed {
    public let kind = "binance"
    public var symbol: String
    public var baseURL: String

    public init(symbol: String, baseURL: String = "https://api.binance.com") {
        self.symbol = symbol
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/api/v3/ticker/price?symbol=\(symbol)" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            if let message = root["msg"], root["code"] != nil {
                return .failure(.rejected("Binance error: \(message)"))
            }
            return FeedParsing.price(root["price"], "price").map { FeedReading(spot: SpotQuote(price: $0)) }
        }
    }
}
