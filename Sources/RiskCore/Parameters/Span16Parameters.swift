/// Parameters of the `span16` profile, CME SPAN style (docs/SPAN16.md).
public struct Span16Parameters: Codable, Hashable, Sendable {
    public struct Underlying: Codable, Hashable, Sendable {
        /// Price scan range: the largest regular spot move, a fraction of spot.
        public var priceScanRange: Double
        /// Volatility scan range: relative volatility move (0.25 = vol x 1.25 and x 0.75).
        public var volScanRange: Double
        /// Extreme moves: this multiple of the price scan range, volatility unchanged.
        public var extremeMultiple: Double = 3
        /// The share of an extreme move's loss that counts (SPAN's coverage fraction).
        public var extremeCoverage: Double = 0.33
        /// Short option minimum: every short option (not netted) x spot x this rate.
        public var shortOptionMinimumRate: Double = 0.005

        public init(priceScanRange: Double, volScanRange: Double) {
            self.priceScanRange = priceScanRange
            self.volScanRange = volScanRange
        }
    }

    public var underlyings: [String: Underlying]
    /// IM = MM x this factor (SPAN's speculator initial: 110% of maintenance).
    public var initialMarginFactor: Double = 1.1

    public init(underlyings: [String: Underlying]) {
        self.underlyings = underlyings
    }

    /// BTC 15%, ETH 18%, SOL 22% price scan ranges; 25%, 30%, 35% volatility scan ranges.
    public static let defaults = Span16Parameters(underlyings: [
        "BTC": Underlying(priceScanRange: 0.15, volScanRange: 0.25),
        "ETH": Underlying(priceScanRange: 0.18, volScanRange: 0.30),
        "SOL": Underlying(priceScanRange: 0.22, volScanRange: 0.35),
    ])

    /// The 16 scenarios: price at 0, +-1/3, +-2/3, +-1 of the range, each with volatility up and
    /// down, and the two extremes (+-multiple x range, volatility unchanged) weighted by coverage.
    public func grid(_ underlying: Underlying) -> ScenarioGrid {
        let range = underlying.priceScanRange
        return ScenarioGrid(spotShocks: [0, range / 3, -range / 3, 2 * range / 3, -2 * range / 3, range, -range],
                            volShocks: [underlying.volScanRange, -underlying.volScanRange],
                            extremeSpotShocks: [underlying.extremeMultiple * range, -underlying.extremeMultiple * range],
                            extremeVolShock: 0, extremeWeight: underlying.extremeCoverage)
    }

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = ParameterCheck.positive(initialMarginFactor, "initialMarginFactor", maximum: 100) { issues.append(issue) }
        for (symbol, underlying) in underlyings.sorted(by: { $0.key < $1.key }) {
            let prefix = "underlyings.\(symbol)"
            issues += [
                ParameterCheck.positive(underlying.priceScanRange, "\(prefix).priceScanRange", maximum: 0.99),
                ParameterCheck.rate(underlying.volScanRange, "\(prefix).volScanRange", maximum: 0.99),
                ParameterCheck.positive(underlying.extremeMultiple, "\(prefix).extremeMultiple", maximum: 10),
                ParameterCheck.rate(underlying.extremeCoverage, "\(prefix).extremeCoverage"),
                ParameterCheck.rate(underlying.shortOptionMinimumRate, "\(prefix).shortOptionMinimumRate"),
            ].compactMap { $0 }
            if underlying.extremeMultiple * underlying.priceScanRange >= 1 {
                issues.append(ValidationIssue(field: "\(prefix).extremeMultiple", reason: "extremeMultiple x priceScanRange must be below 1 (a price cannot fall below 0)"))
            }
        }
        return issues
    }
}
