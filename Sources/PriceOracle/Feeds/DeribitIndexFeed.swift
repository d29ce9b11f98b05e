import BulwarkJSON

/// Deribit's index price: `GET /api/v2/public/get_index_price?index_name=btc_usd`.
/// JSON-RPC envelope; `usOut` (microseconds) dates the answer.
public struct DeribitIndexFeed: PriceFeed {
    public let kind = "deribit-index"
    public var indexName: String
    public var baseURL: String

    public init(indexName: String, baseURL: String = "https://www.deribit.com") {
        self.indexName = indexName
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/api/v2/public/get_index_price?index_name=\(indexName)" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            if let error = root["error"] {
                return .failure(.rejected("Deribit error: \(error["message"].flatMap { if case .string(let m) = $0 { m } else { nil } } ?? "unknown")"))
            }
            return FeedParsing.price(root["result"]?["index_price"], "result.index_price").flatMap { price in
                FeedParsing.number(root["usOut"], "usOut").map { microseconds in
                    FeedReading(spot: SpotQuote(price: price, publishedAt: microseconds.map { $0 / 1e6 }))
                }
            }
        }
    }
}
