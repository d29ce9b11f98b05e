import BulwarkJSON

extension OracleConfiguration {
    /// Reads the `oracle` section of a config file (docs/ORACLE.md, "Configuration").
    /// Every problem is named by its path; unknown keys are refused.
    public static func parse(_ value: JSONValue, path: String = "oracle") -> Result<OracleConfiguration, OracleConfigurationError> {
        var problems: [String] = []
        guard case .object(let root) = value else { return .failure(.init(["\(path) must be an object"])) }
        for key in root.keys where !["enabled", "assets", "options"].contains(key) {
            problems.append("\(path).\(key) is not a known key (enabled, assets, options)")
        }
        if case .bool(false)? = root["enabled"] { return problems.isEmpty ? .success(OracleConfiguration()) : .failure(.init(problems)) }
        var configuration = OracleConfiguration()
        if let assets = root["assets"] {
            guard case .object(let assetObject) = assets else { return .failure(.init(["\(path).assets must be an object"])) }
            for (asset, entry) in assetObject {
                let assetPath = "\(path).assets.\(asset)"
                guard case .object(let fields) = entry else {
                    problems.append("\(assetPath) must be an object")
                    continue
                }
                var policy = AggregationPolicy()
                for (key, value) in fields {
                    switch (key, value) {
                    case ("sources", _): break
                    case ("maxDeviation", .number(let number)) where number > 0 && number < 1: policy.maxDeviation = number
                    case ("quorum", .number(let number)) where number >= 1 && number <= 20 && number == number.rounded(): policy.quorum = Int(number)
                    case ("circuitBreakerMove", .number(let number)) where number > 0 && number <= 10: policy.circuitBreakerMove = number
                    case ("circuitBreakerWindow", .number(let number)) where number > 0 && number <= 86_400: policy.circuitBreakerWindow = number
                    case ("maxDeviation", _), ("quorum", _), ("circuitBreakerMove", _), ("circuitBreakerWindow", _):
                        problems.append("\(assetPath).\(key) is out of range")
                    default:
                        problems.append("\(assetPath).\(key) is not a known key (sources, maxDeviation, quorum, circuitBreakerMove, circuitBreakerWindow)")
                    }
                }
                guard case .array(let sourceList)? = fields["sources"], !sourceList.isEmpty else {
                    problems.append("\(assetPath).sources must be a non-empty list")
                    continue
                }
                var sources: [SourceConfiguration] = []
                for (index, source) in sourceList.enumerated() {
                    switch parseSource(source, path: "\(assetPath).sources[\(index)]") {
                    case .success(let configuration): sources.append(configuration)
                    case .failure(let error): problems += error.problems
                    }
                }
                if let quorum = policy.quorum, quorum > sources.count {
                    problems.append("\(assetPath).quorum is \(quorum) but only \(sources.count) sources are configured")
                }
                configuration.assets[asset] = AssetFeeds(sources: sources, policy: policy)
            }
        }
        if let options = root["options"] {
            guard case .array(let list) = options else { return .failure(.init(["\(path).options must be a list"])) }
            for (index, source) in list.enumerated() {
                switch parseSource(source, path: "\(path).options[\(index)]") {
                case .success(let source) where source.feed.kind == "deribit-ticker" || source.feed.kind == "deribit-book-summary":
                    configuration.optionSources.append(source)
                case .success:
                    problems.append("\(path).options[\(index)] must be a deribit-ticker or deribit-book-summary source")
                case .failure(let error):
                    problems += error.problems
                }
            }
        }
        return problems.isEmpty ? .success(configuration) : .failure(.init(problems))
    }

    static let sourceKeys: [String: Set<String>] = [
        "deribit-index": ["index"], "deribit-ticker": ["instrument"], "deribit-book-summary": ["currency"],
        "binance": ["symbol"], "coinbase": ["product"], "kraken": ["pair"], "okx-index": ["instrument"],
        "pyth": ["id", "apiKey", "apiKeyHeader"], "json": ["url", "path", "scale", "timestampPath", "timestampMilliseconds"],
    ]

    static func parseSource(_ value: JSONValue, path: String) -> Result<SourceConfiguration, OracleConfigurationError> {
        guard case .object(let fields) = value else { return .failure(.init(["\(path) must be an object"])) }
        guard case .string(let type)? = fields["type"], let specific = sourceKeys[type] else {
            return .failure(.init(["\(path).type must be one of \(sourceKeys.keys.sorted().joined(separator: ", "))"]))
        }
        var problems: [String] = []
        let common: Set<String> = ["type", "interval", "maxAge", "baseURL"]
        for key in fields.keys where !common.contains(key) && !specific.contains(key) {
            problems.append("\(path).\(key) is not a key of a \(type) source")
        }
        func string(_ key: String, required: Bool = true) -> String? {
            if case .string(let text)? = fields[key], !text.isEmpty { return text }
            if required || fields[key] != nil { problems.append("\(path).\(key) must be a non-empty string") }
            return nil
        }
        func number(_ key: String, default fallback: Double, range: ClosedRange<Double>) -> Double {
            guard let value = fields[key] else { return fallback }
            if case .number(let number) = value, range.contains(number) { return number }
            problems.append("\(path).\(key) must be a number from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        let interval = number("interval", default: 5, range: 0.05...3_600)
        let maxAge = number("maxAge", default: 30, range: 0.1...86_400)
        let baseURL = string("baseURL", required: false)
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            problems.append("\(path).baseURL must start with https:// or http://")
        }
        var feed: (any PriceFeed)?
        switch type {
        case "deribit-index": if let index = string("index") { feed = DeribitIndexFeed(indexName: index, baseURL: baseURL ?? "https://www.deribit.com") }
        case "deribit-ticker": if let name = string("instrument") { feed = DeribitTickerFeed(instrument: name, baseURL: baseURL ?? "https://www.deribit.com") }
        case "deribit-book-summary": if let currency = string("currency") { feed = DeribitBookSummaryFeed(currency: currency, baseURL: baseURL ?? "https://www.deribit.com") }
        case "binance": if let symbol = string("symbol") { feed = BinanceFeed(symbol: symbol, baseURL: baseURL ?? "https://api.binance.com") }
        case "coinbase": if let product = string("product") { feed = CoinbaseFeed(product: product, baseURL: baseURL ?? "https://api.exchange.coinbase.com") }
        case "kraken": if let pair = string("pair") { feed = KrakenFeed(pair: pair, baseURL: baseURL ?? "https://api.kraken.com") }
        case "okx-index": if let instrument = string("instrument") { feed = OKXIndexFeed(instrumentID: instrument, baseURL: baseURL ?? "https://www.okx.com") }
        case "pyth":
            if let id = string("id") {
                feed = PythHermesFeed(priceID: id, baseURL: baseURL ?? "https://hermes.pyth.network", apiKey: string("apiKey", required: false),
                                      apiKeyHeader: string("apiKeyHeader", required: false) ?? "x-api-key")
            }
        default:
            if let url = string("url"), let path = string("path") {
                if !(url.hasPrefix("https://") || url.hasPrefix("http://")) { problems.append("\(path).url must start with https:// or http://") }
                var milliseconds = false
                if case .bool(let flag)? = fields["timestampMilliseconds"] { milliseconds = flag }
                feed = GenericJSONFeed(url: url, pricePath: path, scale: number("scale", default: 1, range: 1e-18...1e18),
                                       timestampPath: string("timestampPath", required: false), timestampInMilliseconds: milliseconds)
            }
        }
        guard problems.isEmpty, let feed else { return .failure(.init(problems.isEmpty ? ["\(path) is incomplete"] : problems)) }
        return .success(SourceConfiguration(feed: feed, interval: interval, maxAge: maxAge))
    }
}

/// Everything wrong with an oracle configuration, each problem with its path.
public struct OracleConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]

    init(_ problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "; ") }
}
