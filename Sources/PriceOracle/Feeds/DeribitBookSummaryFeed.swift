import BulwarkJSON

/// Mark IVs of every option of a currency in one request:
/// `GET /api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option`.
/// Entries with a null `mark_iv` carry no price and are skipped, never read as 0.
public struct DeribitBookSummaryFeed: PriceFeed {
    public let kind = "deribit-book-summary"
    public var currency: String
    public var baseURL: String

    public init(currency: String, baseURL: String = "https://www.deribit.com") {
        self.currency = currency
        self.baseURL = baseURL
    }

    public var url: String { "\(baseURL)/api/v2/public/get_book_summary_by_currency?currency=\(currency)&kind=option" }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            if root["error"] != nil { return .failure(.rejected("Deribit error")) }
            guard case .array(let entries)? = root["result"] else { return .failure(.malformed("result is not a list")) }
            var quotes: [OptionQuote] = []
            for entry in entries {
                if case .success(let quote) = DeribitTickerFeed.optionQuote(entry, nameField: "instrument_name",
                                                                            timeField: "creation_timestamp") {
                    quotes.append(quote)
                }
            }
            guard !quotes.isEmpty || entries.isEmpty else { return .failure(.rejected("no option with a mark IV")) }
            return .success(FeedReading(options: quotes))
        }
    }
}
