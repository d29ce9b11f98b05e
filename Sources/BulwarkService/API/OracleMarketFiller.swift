import PriceOracle
import RiskCore

/// Completes a request's market data from the oracle: what the request carries always wins;
/// the oracle fills spots of underlyings and unpriced collateral, the cash asset, and the
/// forwards of expiries it quotes. Mark IVs of options without one come from option quotes.
/// An asset the oracle cannot price now is left out, so the risk core names it (503).
struct OracleMarketFiller {
    let oracle: PriceOracle

    /// The stable asset every profile may price collateral and cash against.
    static let cashAsset = "USDC"

    func fill(_ request: MarginRequest) -> MarketData {
        var market = request.market
        var needed = Set(request.portfolio.underlyings)
        for holding in request.portfolio.collateral where holding.price == nil { needed.insert(holding.asset) }
        let profiles = [request.methodology.profile] + request.methodology.compare
        if profiles.contains(DerivePMRM2Margin.profileName) {
            needed.insert(OracleMarketFiller.cashAsset)
        }
        for asset in needed where market[asset] == nil && oracle.covers(asset) {
            guard let aggregated = oracle.price(asset), aggregated.status != .unavailable, let price = aggregated.price else { continue }
            market[asset] = AssetMarket(spot: price, spotConfidence: aggregated.confidence)
        }
        // Forwards of expiries the request does not give, from the option quotes' underlying price.
        for position in request.portfolio.positions {
            guard let name = position.instrument.deribitName, position.instrument.kind.isOption,
                  let expiry = position.instrument.expiry, var assetMarket = market[position.instrument.underlying],
                  assetMarket.expiries[expiry] == nil, let forward = oracle.optionQuote(name)?.forward else { continue }
            assetMarket.expiries[expiry] = ExpiryMarket(forward: forward)
            market[position.instrument.underlying] = assetMarket
        }
        return market
    }

    /// Mark IVs for options that carry none, from the oracle's option quotes.
    func fillMarkIvs(_ portfolio: Portfolio) -> Portfolio {
        var portfolio = portfolio
        for index in portfolio.positions.indices where portfolio.positions[index].markIv == nil {
            let instrument = portfolio.positions[index].instrument
            guard instrument.kind.isOption, let name = instrument.deribitName, let quote = oracle.optionQuote(name) else { continue }
            portfolio.positions[index].markIv = quote.markIv
        }
        return portfolio
    }
}
