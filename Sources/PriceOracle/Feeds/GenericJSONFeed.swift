import BulwarkJSON

/// Any JSON endpoint: the number at a dotted path (`data.0.price`; digits index arrays),
/// times a scale; optionally a timestamp at another path, in seconds or milliseconds.
public struct GenericJSONFeed: PriceFeed {
    public let kind = "json"
    public var url: String
    public var pricePath: String
    public var scale: Double
    public var timestampPath: String?
    public var timestampInMilliseconds: Bool
    public var headers: [String]

    public init(url: String, pricePath: String, scale: Double = 1, timestampPath: String? = nil,
                timestampInMilliseconds: Bool = false, headers: [String] = []) {
        self.url = url
        self.pricePath = pricePath
        self.scale = scale
        self.timestampPath = timestampPath
        self.timestampInMilliseconds = timestampInMilliseconds
        self.headers = headers
    }

    static func value(at path: String, in root: JSONValue) -> JSONValue? {
        var current: JSONValue? = root
        for component in path.split(separator: ".") {
            if let index = Int(component), case .array = current {
                current = current?[index]
            } else {
                current = current?[String(component)]
            }
        }
        return current
    }

    public func parse(_ body: [UInt8]) -> Result<FeedReading, FeedError> {
        FeedParsing.json(body).flatMap { root in
            FeedParsing.price(GenericJSONFeed.value(at: pricePath, in: root), pricePath).flatMap { raw in
                let price = raw * scale
                guard price.isFinite, price > 0 else { return .failure(.rejected("scaled price \(price) is not positive")) }
                guard let timestampPath else { return .success(FeedReading(spot: SpotQuote(price: price))) }
                return FeedParsing.number(GenericJSONFeed.value(at: timestampPath, in: root), timestampPath).map { time in
                    FeedReading(spot: SpotQuote(price: price, publishedAt: time.map { timestampInMilliseconds ? $0 / 1000 : $0 }))
                }
            }
        }
    }
}
