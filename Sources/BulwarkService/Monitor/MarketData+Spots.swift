import RiskCore

extension MarketData {
    /// The spot of each of `assets` the market prices.
    func spots(of assets: Set<String>) -> [String: Double] {
        var spots: [String: Double] = [:]
        for asset in assets { if let spot = self[asset]?.spot { spots[asset] = spot } }
        return spots
    }
}
