extension RiskParameters {
    /// The embedded defaults: BTC, ETH and SOL, and a registry of stablecoins, native coins,
    /// wrapped BTC, a liquid-staking token, an LP token and a governance token.
    /// docs/METHODOLOGY.md, "Defaults", gives the reasoning for each figure.
    public static let standardDefaults = RiskParameters(
        underlyings: [
            "BTC": UnderlyingParameters(cross: CrossParameters(fallbackVolatility: 0.80),
                                        liquidity: LiquidityParameters(marketDepth: 50_000_000)),
            "ETH": UnderlyingParameters(isolated: ethIsolated, cross: CrossParameters(fallbackVolatility: 1.00),
                                        liquidity: LiquidityParameters(marketDepth: 25_000_000)),
            "SOL": UnderlyingParameters(cross: CrossParameters(fallbackVolatility: 1.20),
                                        liquidity: LiquidityParameters(marketDepth: 5_000_000)),
        ],
        collateral: CollateralParameters(assets: [
            "USDC": CollateralAsset(category: .stablecoin, annualVolatility: 0.02, liquidityHaircut: 0,
                                    smartContractRisk: 0.005, marketDepth: 1_000_000_000),
            "USDT": CollateralAsset(category: .stablecoin, annualVolatility: 0.03, liquidityHaircut: 0,
                                    smartContractRisk: 0.01, marketDepth: 1_000_000_000),
            "DAI": CollateralAsset(category: .stablecoin, annualVolatility: 0.03, liquidityHaircut: 0.01,
                                   smartContractRisk: 0.02, marketDepth: 200_000_000),
            "BTC": CollateralAsset(category: .native, tracks: "BTC", annualVolatility: 0.60, liquidityHaircut: 0,
                                   smartContractRisk: 0, marketDepth: 200_000_000, correlations: ["ETH": 0.80, "SOL": 0.70]),
            "ETH": CollateralAsset(category: .native, tracks: "ETH", annualVolatility: 0.75, liquidityHaircut: 0,
                                   smartContractRisk: 0, marketDepth: 100_000_000, correlations: ["BTC": 0.80, "SOL": 0.75]),
            "SOL": CollateralAsset(category: .native, tracks: "SOL", annualVolatility: 0.95, liquidityHaircut: 0.02,
                                   smartContractRisk: 0, marketDepth: 30_000_000, correlations: ["BTC": 0.70, "ETH": 0.75]),
            "WBTC": CollateralAsset(category: .wrapped, tracks: "BTC", annualVolatility: 0.60, liquidityHaircut: 0.02,
                                    smartContractRisk: 0.05, marketDepth: 20_000_000, correlations: ["ETH": 0.80, "SOL": 0.70]),
            "STETH": CollateralAsset(category: .liquidStaking, tracks: "ETH", annualVolatility: 0.80, liquidityHaircut: 0.02,
                                     smartContractRisk: 0.03, marketDepth: 30_000_000, correlations: ["BTC": 0.80, "SOL": 0.75]),
            "ETH_USDC_LP": CollateralAsset(category: .lpToken, annualVolatility: 0.40, liquidityHaircut: 0.10,
                                           smartContractRisk: 0.10, marketDepth: 5_000_000, correlations: ["ETH": 0.50, "BTC": 0.40]),
            "UNI": CollateralAsset(category: .governance, annualVolatility: 1.10, liquidityHaircut: 0.15,
                                   smartContractRisk: 0.02, marketDepth: 10_000_000, correlations: ["ETH": 0.70, "BTC": 0.60, "SOL": 0.60]),
        ])
    )

    /// ETH's inverse futures add 0.000004 of rate per coin: Deribit's ETH `m_inc`, read as
    /// BTC's `m_inc` is its published per-coin increment (by analogy: unpublished for ETH).
    private static var ethIsolated: IsolatedParameters {
        var isolated = IsolatedParameters()
        isolated.inverseFuturesRatePerCoin = 0.000004
        return isolated
    }
}
