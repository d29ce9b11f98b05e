import PriceOracle

/// The prices the service uses: the venue's posted ones and the feeds', by precedence. The
/// request path and the health monitor both read through it; option marks and forwards come
/// from the feeds, which the venue does not post.
struct VenueAndFeedsMarketData: MarketDataProvider {
    let venue: VenuePriceBook?
    let feeds: (any MarketDataProvider)?
    let precedence: PricePrecedence

    /// Where an asset's price comes from now: the venue, the feeds, or nowhere.
    enum Source: String {
        case venue, feeds
    }

    func source(of asset: String) -> Source? {
        switch precedence {
        case .venueOnly: return venue?.price(asset) == nil ? nil : .venue
        case .feedsOnly: return feeds?.covers(asset) == true ? .feeds : nil
        case .venueFirst:
            if let quote = venue?.quote(asset), quote.status != .unavailable { return .venue }
            if feeds?.covers(asset) == true { return .feeds }
            return venue?.price(asset) == nil ? nil : .venue
        }
    }

    func quote(_ asset: String) -> PriceQuote? {
        switch source(of: asset) {
        case .venue: venue?.quote(asset)
        case .feeds: feeds?.quote(asset)
        case nil: nil
        }
    }

    /// Every asset's quote by the same rule as `source(of:)`, from one read of each side: the
    /// monitor asks for them on every tick.
    func quotes() -> [String: PriceQuote] {
        let posted = precedence == .feedsOnly ? [:] : venue?.quotes() ?? [:]
        let fed = precedence == .venueOnly ? [:] : feeds?.quotes() ?? [:]
        // A fresh post wins; a stale one only where the feeds have nothing.
        var quotes = fed
        for (asset, quote) in posted where quote.status != .unavailable || fed[asset] == nil { quotes[asset] = quote }
        return quotes
    }

    func optionQuote(_ instrument: String) -> OptionQuote? { feeds?.optionQuote(instrument) }

    func covers(_ asset: String) -> Bool { source(of: asset) != nil }

    /// The venue posts spots only: option marks come from the feeds or from nobody.
    func coversOptions(_ asset: String) -> Bool { feeds?.coversOptions(asset) ?? false }
}
