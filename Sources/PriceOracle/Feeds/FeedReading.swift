/// A spot price as one source reported it.
public struct SpotQuote: Hashable, Sendable {
    public var price: Double
    /// In [0, 1]; Pyth's confidence interval becomes 1 - conf / price.
    public var confidence: Double?
    /// The source's own timestamp, Unix seconds, when it sends one.
    public var publishedAt: Double?

    public init(price: Double, confidence: Double? = nil, publishedAt: Double? = nil) {
        self.price = price
        self.confidence = confidence
        self.publishedAt = publishedAt
    }
}

/// An option's mark as a source reported it (Deribit tickers and book summaries).
public struct OptionQuote: Hashable, Sendable {
    /// The Deribit name, `BTC-26JUN26-100000-C`.
    public var instrument: String
    /// Mark implied volatility as a fraction (Deribit sends percent: 45.43 -> 0.4543).
    public var markIv: Double
    /// The forward of the option's expiry (Deribit's `underlying_price`).
    public var forward: Double?
    public var publishedAt: Double?

    public init(instrument: String, markIv: Double, forward: Double? = nil, publishedAt: Double? = nil) {
        self.instrument = instrument
        self.markIv = markIv
        self.forward = forward
        self.publishedAt = publishedAt
    }
}

/// What one fetch of a feed yielded.
public struct FeedReading: Hashable, Sendable {
    public var spot: SpotQuote?
    public var options: [OptionQuote]

    public init(spot: SpotQuote? = nil, options: [OptionQuote] = []) {
        self.spot = spot
        self.options = options
    }
}
