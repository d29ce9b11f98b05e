import BulwarkJSON

extension OracleConfiguration {
    /// The embedded default: BTC and ETH from six public sources each, the major stablecoins
    /// from Kraken, Coinbase and Pyth, and option mark IVs from Deribit's book summaries.
    /// Written in the config-file format, so it reads as a user's configuration would.
    public static let embeddedDefaultJSON = """
    {
      "assets": {
        "BTC": {"sources": [
          {"type": "deribit-index", "index": "btc_usd"},
          {"type": "binance", "symbol": "BTCUSDT"},
          {"type": "coinbase", "product": "BTC-USD"},
          {"type": "kraken", "pair": "XBTUSD"},
          {"type": "okx-index", "instrument": "BTC-USDT"},
          {"type": "pyth", "id": "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43"}
        ]},
        "ETH": {"sources": [
          {"type": "deribit-index", "index": "eth_usd"},
          {"type": "binance", "symbol": "ETHUSDT"},
          {"type": "coinbase", "product": "ETH-USD"},
          {"type": "kraken", "pair": "ETHUSD"},
          {"type": "okx-index", "instrument": "ETH-USDT"},
          {"type": "pyth", "id": "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace"}
        ]},
        "USDC": {"maxDeviation": 0.005, "circuitBreakerMove": 0.02, "sources": [
          {"type": "kraken", "pair": "USDCUSD", "interval": 15, "maxAge": 60},
          {"type": "pyth", "id": "eaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a", "interval": 15, "maxAge": 60}
        ]},
        "USDT": {"maxDeviation": 0.005, "circuitBreakerMove": 0.02, "sources": [
          {"type": "kraken", "pair": "USDTZUSD", "interval": 15, "maxAge": 60},
          {"type": "coinbase", "product": "USDT-USD", "interval": 15, "maxAge": 60},
          {"type": "pyth", "id": "2b89b9dc8fdf9f34709a5b106b472f0f39bb6ca9ce04b0fd7f2e971688e2e53b", "interval": 15, "maxAge": 60}
        ]}
      },
      "options": [
        {"type": "deribit-book-summary", "currency": "BTC", "interval": 30, "maxAge": 120},
        {"type": "deribit-book-summary", "currency": "ETH", "interval": 30, "maxAge": 120}
      ]
    }
    """

    public static var embeddedDefault: OracleConfiguration {
        // The embedded text is checked by a test; it cannot fail to parse.
        guard let json = try? JSONParser.parse(Array(embeddedDefaultJSON.utf8)),
              case .success(let configuration) = parse(json) else { return OracleConfiguration() }
        return configuration
    }
}
