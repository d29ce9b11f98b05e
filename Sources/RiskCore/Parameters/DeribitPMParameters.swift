/// Parameters of the `deribit-pm` profile, Deribit's portfolio margin in linear form
/// (docs/DERIBIT-PM.md says which figures are Deribit's and which are stand-ins).
public struct DeribitPMParameters: Codable, Hashable, Sendable {
    public struct Underlying: Codable, Hashable, Sendable {
        /// The risk matrix spans spot -priceRange to +priceRange.
        public var priceRange: Double
        /// Price points on each side of zero.
        public var bucketsPerSide: Int = 8
        public var volatilityRangeUp: Double = 0.5
        public var volatilityRangeDown: Double = 0.25
        /// The volatility an up shock starts from is at least this.
        public var minVolatilityForShockUp: Double = 0.5
        /// Power of 30 / days-to-expiry for expiries within 30 days, and beyond.
        public var shortTermVegaPower: Double = 0.3
        public var longTermVegaPower: Double = 0.13
        /// Extended table: spot moves beyond the range, with volatility up, each loss weighted by
        /// priceRange / |move| (stand-in for Deribit's unpublished dampener).
        public var extendedMoves: [Double] = [-0.66, -0.33, 0.5, 1.0, 2.0, 3.0]
        /// Delta shock (stand-in): |net delta| x spot x this rate.
        public var deltaShockRate: Double = 0.01
        /// Roll shock (stand-in): per expiry, |net delta of its futures and options| x forward x
        /// this annual basis move x max(years to expiry, 1 day).
        public var rollShockAnnualRate: Double = 0.10

        public init(priceRange: Double) {
            self.priceRange = priceRange
        }
    }

    public var underlyings: [String: Underlying]
    /// MM = mmFactor x risk-matrix margin; IM = the risk-matrix margin.
    public var mmFactor: Double = 0.8

    public init(underlyings: [String: Underlying]) {
        self.underlyings = underlyings
    }

    /// Deribit's published price ranges: BTC 16%, ETH 18%; SOL 22% by analogy.
    public static let defaults = DeribitPMParameters(underlyings: [
        "BTC": Underlying(priceRange: 0.16),
        "ETH": Underlying(priceRange: 0.18),
        "SOL": Underlying(priceRange: 0.22),
    ])

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !mmFactor.isFinite || mmFactor <= 0 || mmFactor > 1 {
            issues.append(ValidationIssue(field: "mmFactor", reason: "must be greater than 0 and at most 1"))
        }
        for (symbol, u) in underlyings.sorted(by: { $0.key < $1.key }) {
            let prefix = "underlyings.\(symbol)"
            issues += [
                ParameterCheck.positive(u.priceRange, "\(prefix).priceRange", maximum: 0.99),
                ParameterCheck.rate(u.volatilityRangeUp, "\(prefix).volatilityRangeUp", maximum: 10),
                ParameterCheck.rate(u.volatilityRangeDown, "\(prefix).volatilityRangeDown"),
                ParameterCheck.rate(u.minVolatilityForShockUp, "\(prefix).minVolatilityForShockUp", maximum: 100),
                ParameterCheck.rate(u.shortTermVegaPower, "\(prefix).shortTermVegaPower", maximum: 5),
                ParameterCheck.rate(u.longTermVegaPower, "\(prefix).longTermVegaPower", maximum: 5),
                ParameterCheck.rate(u.deltaShockRate, "\(prefix).deltaShockRate"),
                ParameterCheck.rate(u.rollShockAnnualRate, "\(prefix).rollShockAnnualRate"),
            ].compactMap { $0 }
            if u.bucketsPerSide < 1 || u.bucketsPerSide > 100 {
                issues.append(ValidationIssue(field: "\(prefix).bucketsPerSide", reason: "must be from 1 to 100"))
            }
            for (index, move) in u.extendedMoves.enumerated() where !move.isFinite || move <= -1 || move > 100 || move == 0 {
                issues.append(ValidationIssue(field: "\(prefix).extendedMoves[\(index)]", reason: "must be a non-zero relative move above -1 and at most 100"))
            }
        }
        return issues
    }
}
