import RiskCore

extension MissingMarketData {
    /// Where in a margin request the missing value goes.
    var requestField: String {
        switch self {
        case .spot(let asset): "market.\(asset).spot"
        case .volatility(let position): "positions[\(position)].markIv"
        case .collateralPrice(let holding): "collateral[\(holding)].price"
        }
    }

    /// The core's reason, with where else a request may give the value.
    func requestReason(_ reason: String, asset: String) -> String {
        guard case .volatility = self else { return reason }
        return reason + " (market.\(asset).vol)"
    }
}
