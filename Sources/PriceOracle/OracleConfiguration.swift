/// Which assets the oracle prices, from which sources, with which guards.
public struct OracleConfiguration: Sendable {
    public var assets: [String: AssetFeeds]
    /// Sources of option mark IVs (Deribit book summaries or tickers).
    public var optionSources: [SourceConfiguration]

    public init(assets: [String: AssetFeeds] = [:], optionSources: [SourceConfiguration] = []) {
        self.assets = assets
        self.optionSources = optionSources
    }

    public var isEmpty: Bool { assets.isEmpty && optionSources.isEmpty }
}
