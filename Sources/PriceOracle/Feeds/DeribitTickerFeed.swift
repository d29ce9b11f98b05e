import BulwarkJSON

/// Deribit's ticker of one option: `GET /api/v2/public/ticker?instrument_name=BTC-26JUN26-100000-C`.
/// `mark_iv` is in percent; `underlying_price` is the forward; `timestamp` in milliseconds.
public struct DeribitTickerFeed: PriceFeed {
    public let kind = "deribit-ticker"
    public var instrument: String
    public var baseURL: String

    public init(instrument: String, baseURL: String = "https://www.deribit.com") {
        self.instrument = instrument
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/api/v2/public/ticker?instrument_name=\(instrument)" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            if root["error"] != nil { return .failure(.rejected("Deribit error")) }
            guard let result = root["result"] else { return .failure(.malformed("no result")) }
            return DeribitTickerFeed.optionQuote(result, nameField: "instrument_name", timeField: "timestamp").map {
                FeedReading(options: [$0])
            }
        }
    }

    /// One option entry of a ticker or a book summary.
    static func optionQuote(_ entry: JSONValue, nameField: String, timeField: String) -> Result<OptionQuote, FeedError> {
        guard case .string(let name)? = entry[nameField] else { return .failure(.malformed("\(nameField) missing")) }
        return FeedParsing.price(entry["mark_iv"], "mark_iv").flatMap { percent in
            FeedParsing.number(entry["underlying_price"], "underlying_price").flatMap { forward in
                FeedParsing.number(entry[timeField], timeField).map { milliseconds in
                    OptionQuote(instrument: name, markIv: percent / 100, forward: forward.flatMap { $0 > 0 ? $0 : nil },
                                publishedAt: milliseconds.map { $0 / 1000 })
                }
            }
        }
    }
}
