/// A snapshot of market data keyed by asset symbol (`BTC`, `ETH`, `USDC`, ...).
///
/// The core reaches market data only through this value: the service fills it
/// from the request and the oracle, the core never fetches anything.
public struct MarketData: Hashable, Sendable {
    public var assets: [String: AssetMarket]

    public init(_ assets: [String: AssetMarket] = [:]) {
        self.assets = assets
    }

    public subscript(asset: String) -> AssetMarket? {
        get { assets[asset] }
        set { assets[asset] = newValue }
    }

    public func validationIssues() -> [ValidationIssue] {
        assets.sorted(by: { $0.key < $1.key }).flatMap { symbol, market in
            market.validationIssues().map { $0.nested(under: "market.\(symbol)") }
        }
    }
}
