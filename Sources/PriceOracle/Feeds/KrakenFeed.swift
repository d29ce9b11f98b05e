import BulwarkJSON

/// Kraken ticker: `GET /0/public/Ticker?pair=XBTUSD`. The result is keyed by Kraken's own pair
/// name (`XXBTZUSD`), not the one asked for; `error` must be empty; `c[0]` is the last trade.
public struct KrakenFeed: PriceFeed {
    public let kind = "kraken"
    public var pair: String
    public var baseURL: String

    public init(pair: String, baseURL: String = "https://api.kraken.com") {
        self.pair = pair
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/0/public/Ticker?pair=\(pair)" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            if case .array(let errors)? = root["error"], !errors.isEmpty {
                let messages = errors.compactMap { if case .string(let text) = $0 { text } else { nil } }
                return .failure(.rejected("Kraken error: \(messages.joined(separator: "; "))"))
            }
            guard case .object(let result)? = root["result"], result.members.count == 1, let ticker = result.members.first?.value else {
                return .failure(.malformed("result must hold exactly one pair"))
            }
            return FeedParsing.price(ticker["c"]?[0], "result.\(result.members.first!.key).c[0]").map {
                FeedReading(spot: SpotQuote(price: $0))
            }
        }
    }
}
