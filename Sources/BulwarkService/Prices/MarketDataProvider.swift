import PriceOracle
import RiskCore

/// Where the prices that a request or a stored account does not carry come from (Strata's
/// `MarketDataProvider` is the model): the oracle in the service, a settable source in tests
/// and benchmarks. The request path and the health monitor fill through the same extension.
public protocol MarketDataProvider: Sendable {
    /// Every asset it prices now, with its status.
    func quotes() -> [String: PriceQuote]

    /// One asset's quote; nil when it does not price the asset at all.
    func quote(_ asset: String) -> PriceQuote?

    /// Mark IV and forward of a listed option, by Deribit name.
    func optionQuote(_ instrument: String) -> OptionQuote?

    /// Whether it ever prices `asset`: a missing price of such an asset is an outage (503),
    /// of any other the request's omission (422).
    func covers(_ asset: String) -> Bool

    /// Whether it ever gives mark IVs of options on `asset`, in the same sense.
    func coversOptions(_ asset: String) -> Bool
}

extension MarketDataProvider {
    /// Every option quote it holds now (what a price publisher hands the other instances);
    /// none unless the provider lists them.
    public func optionQuotes() -> [OptionQuote] { [] }

    /// A provider that prices an asset gives its option marks too (the oracle reads both from Deribit).
    public func coversOptions(_ asset: String) -> Bool { covers(asset) }

    /// Completes a request's market: what the request carries always wins; spots of `assets`
    /// it lacks come from the quotes (an asset without a usable price now is left out, so the
    /// risk core names it), then option marks and forwards (`fillOptions`) where it covers
    /// the underlying's options.
    func complete(_ portfolio: inout Portfolio, _ market: inout MarketData, assets: Set<String>) {
        for asset in assets where market[asset] == nil && covers(asset) {
            guard let quote = quote(asset), quote.status != .unavailable, let price = quote.price else { continue }
            market[asset] = AssetMarket(spot: price, spotConfidence: quote.confidence)
        }
        // Names are formed only for options on underlyings it gives marks for: a request of
        // thousands of options on an asset without option feeds looks none up.
        let quoted = Set(portfolio.underlyings.filter(coversOptions))
        guard !quoted.isEmpty else { return }
        fillOptions(&portfolio, &market, options: portfolio.optionNames(on: quoted))
    }

    /// Mark IVs of the options (by index and Deribit name) that carry none, and forwards of
    /// expiries the market lacks, from the option quotes.
    func fillOptions(_ portfolio: inout Portfolio, _ market: inout MarketData, options: [(index: Int, name: String)]) {
        for (index, name) in options {
            guard let quote = optionQuote(name) else { continue }
            let instrument = portfolio.positions[index].instrument
            if portfolio.positions[index].markIv == nil { portfolio.positions[index].markIv = quote.markIv }
            if let forward = quote.forward, let expiry = instrument.expiry, var asset = market[instrument.underlying],
               asset.expiries[expiry] == nil {
                asset.expiries[expiry] = ExpiryMarket(forward: forward)
                market[instrument.underlying] = asset
            }
        }
    }
}
