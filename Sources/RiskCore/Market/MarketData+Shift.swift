extension MarketData {
    /// The market with one underlying's spot, perpetual mark and forwards multiplied by `factor`:
    /// a parallel move of everything priced off it, the rest unchanged.
    public func shifting(_ underlying: String, by factor: Double) -> MarketData {
        var market = self
        guard var asset = market[underlying] else { return market }
        asset.spot *= factor
        asset.perpPrice = asset.perpPrice.map { $0 * factor }
        for (expiry, point) in asset.expiries {
            var moved = point
            moved.forward *= factor
            asset.expiries[expiry] = moved
        }
        market[underlying] = asset
        return market
    }
}
