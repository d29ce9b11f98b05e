import RiskCore

extension Portfolio {
    /// The option positions by index with their Deribit names: option quotes are keyed by them.
    var optionNames: [(index: Int, name: String)] { optionNames(on: nil) }

    /// The same, of options on `underlyings` only (all when nil).
    func optionNames(on underlyings: Set<String>?) -> [(index: Int, name: String)] {
        positions.enumerated().compactMap { index, position in
            guard position.instrument.kind.isOption, underlyings?.contains(position.instrument.underlying) ?? true,
                  let name = position.instrument.deribitName else { return nil }
            return (index, name)
        }
    }

    /// The assets whose price the portfolio needs from the market under `profiles`: its
    /// underlyings, collateral without a price, and the cash asset for Derive's profiles.
    func pricedAssets(profiles: [String]) -> Set<String> {
        var assets = Set(underlyings)
        for holding in collateral where holding.price == nil { assets.insert(holding.asset) }
        if currency != AccountCurrency.quoteCode { assets.insert(currency) }
        if profiles.contains(DerivePMRM2Margin.profileName) || profiles.contains(DeriveSRMMargin.profileName) {
            assets.insert(DerivePMRM2Margin.defaultStableAsset)
        }
        return assets
    }
}
