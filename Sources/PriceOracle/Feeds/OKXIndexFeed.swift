import BulwarkJSON

/// OKX index ticker: `GET /api/v5/market/index-tickers?instId=BTC-USDT`. `code` "0" means
/// success; strings; `ts` is milliseconds as a string.
public struct OKXIndexFeed: PriceFeed {
    public let kind = "okx-index"
    public var instrumentID: String
    public var baseURL: String

    public init(instrumentID: String, baseURL: String = "https://www.okx.com") {
        self.instrumentID = instrumentID
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/api/v5/market/index-tickers?instId=\(instrumentID)" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            guard case .string(let code)? = root["code"] else { return .failure(.malformed("no code")) }
            guard code == "0" else {
                let message = if case .string(let text)? = root["msg"] { text } else { "" }
                return .failure(.rejected("OKX error \(code): \(message)"))
            }
            guard let entry = root["data"]?[0] else { return .failure(.rejected("OKX sent no data")) }
            return FeedParsing.price(entry["idxPx"], "data[0].idxPx").flatMap { price in
                FeedParsing.number(entry["ts"], "data[0].ts").map { milliseconds in
                    FeedReading(spot: SpotQuote(price: price, publishedAt: milliseconds.map { $0 / 1000 }))
                }
            }
        }
    }
}
