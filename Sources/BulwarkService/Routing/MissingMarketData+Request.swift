import RiskCore

extension MissingMarketData {
    /// Where in a margin request the missing value goes.
    var requestField: String {
        switch self {
        case .spot(let asset): "market.\(asset).spot"
        case .volatility(let position): "positions[\(position)].markIv"
        case .collateralPrice(let holding): "collateral[\(holding)].price"
        case .accountCurrency: "accountCurrency"
        }
    }

    /// The core's reason, with where else a request may give the value.
    func requestReason(_ reason: String, asset: String) -> String {
        switch self {
        case .volatility: reason + " (market.\(asset).vol)"
        case .accountCurrency: reason + " (market.\(asset).spot)"
        case .spot, .collateralPrice: reason
        }
    }
}
