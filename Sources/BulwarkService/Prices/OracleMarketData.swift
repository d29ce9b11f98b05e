import PriceOracle

/// The price oracle (public feeds over libcurl) as a market data provider.
struct OracleMarketData: MarketDataProvider {
    let oracle: PriceOracle

    func quotes() -> [String: PriceQuote] {
        var quotes: [String: PriceQuote] = [:]
        for price in oracle.prices() { quotes[price.asset] = PriceQuote(price) }
        return quotes
    }

    func quote(_ asset: String) -> PriceQuote? { oracle.price(asset).map(PriceQuote.init) }

    func optionQuote(_ instrument: String) -> OptionQuote? { oracle.optionQuote(instrument) }

    func optionQuotes() -> [OptionQuote] { oracle.optionQuotes() }

    func covers(_ asset: String) -> Bool { oracle.covers(asset) }
}
