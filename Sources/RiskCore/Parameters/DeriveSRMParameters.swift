/// Derive's Standard Manager (SRM) parameters in Derive's own groups and keys
/// (docs/DERIVE-SRM.md). The first four groups are per market on Derive: `markets.<U>`
/// replaces any of them, whole, for one underlying; the depeg group is account-wide.
public struct DeriveSRMParameters: Codable, Hashable, Sendable {
    public var perpMarginRequirements: PerpMarginRequirements
    public var optionMarginParams: OptionMarginParams
    public var oracleContingencyParams: OracleContingencyParams
    public var baseMarginParams: BaseMarginParams
    public var depegParams: DepegParams
    /// Per-underlying replacements of the per-market groups.
    public var markets: [String: MarketParameters]

    public struct PerpMarginRequirements: Codable, Hashable, Sendable {
        public var mmPerpReq: Double
        public var imPerpReq: Double
    }

    public struct OptionMarginParams: Codable, Hashable, Sendable {
        /// IM rate of spot for an in-the-money short option.
        public var maxSpotReq: Double
        /// The floor of that rate as the option goes out of the money.
        public var minSpotReq: Double
        public var mmCallSpotReq: Double
        public var mmPutSpotReq: Double
        /// MM rate of a short put's own value.
        public var MMPutMtMReq: Double
        /// Forward multiples per unpaired short call.
        public var unpairedIMScale: Double
        public var unpairedMMScale: Double
        /// A short put's IM is at least this times its MM.
        public var mmOffsetScale: Double
    }

    public struct OracleContingencyParams: Codable, Hashable, Sendable {
        public var perpThreshold: Double
        public var optionThreshold: Double
        public var baseThreshold: Double
        public var OCFactor: Double
    }

    public struct BaseMarginParams: Codable, Hashable, Sendable {
        public var marginFactor: Double
        public var IMScale: Double
    }

    public struct DepegParams: Codable, Hashable, Sendable {
        public var threshold: Double
        public var depegFactor: Double
    }

    /// One market's own groups; a group left out is the account-wide one.
    public struct MarketParameters: Codable, Hashable, Sendable {
        public var perpMarginRequirements: PerpMarginRequirements?
        public var optionMarginParams: OptionMarginParams?
        public var oracleContingencyParams: OracleContingencyParams?
        public var baseMarginParams: BaseMarginParams?
    }

    /// The groups in force for one market.
    struct Market {
        var perp: PerpMarginRequirements
        var option: OptionMarginParams
        var oracle: OracleContingencyParams
        var base: BaseMarginParams
    }

    func market(_ underlying: String) -> Market {
        let own = markets[underlying]
        return Market(perp: own?.perpMarginRequirements ?? perpMarginRequirements, option: own?.optionMarginParams ?? optionMarginParams,
                      oracle: own?.oracleContingencyParams ?? oracleContingencyParams, base: own?.baseMarginParams ?? baseMarginParams)
    }

    /// The set Derive's published cases run under (its unit tests' base contract): perps
    /// 0.05 / 0.065, not `Config.getSRMParams()`'s 0.065 / 0.10.
    public static let published = DeriveSRMParameters(
        perpMarginRequirements: .init(mmPerpReq: 0.05, imPerpReq: 0.065),
        optionMarginParams: .init(maxSpotReq: 0.15, minSpotReq: 0.1, mmCallSpotReq: 0.075, mmPutSpotReq: 0.075, MMPutMtMReq: 0.075,
                                  unpairedIMScale: 1.2, unpairedMMScale: 1.1, mmOffsetScale: 1.05),
        oracleContingencyParams: .init(perpThreshold: 0.4, optionThreshold: 0.4, baseThreshold: 0.4, OCFactor: 0.4),
        baseMarginParams: .init(marginFactor: 0.8, IMScale: 1),
        depegParams: .init(threshold: 0.98, depegFactor: 1.2),
        markets: [:])

    /// Derive's own bounds, each issue named by its path in the set.
    public func validationIssues() -> [ValidationIssue] {
        var issues = Self.issues(perpMarginRequirements, optionMarginParams, oracleContingencyParams, baseMarginParams, prefix: "")
        if !(depegParams.threshold >= 0 && depegParams.threshold <= 1) {
            issues.append(ValidationIssue(field: "depegParams.threshold", reason: "must be from 0 to 1"))
        }
        if !(depegParams.depegFactor >= 0 && depegParams.depegFactor <= 3) {
            issues.append(ValidationIssue(field: "depegParams.depegFactor", reason: "must be from 0 to 3"))
        }
        for (underlying, own) in markets.sorted(by: { $0.key < $1.key }) {
            if !Instrument.isValidUnderlying(underlying) {
                issues.append(ValidationIssue(field: "markets.\(underlying)", reason: "is not an underlying: 1 to 20 upper-case letters, digits or '_'"))
            }
            let market = market(underlying)
            issues += Self.issues(own.perpMarginRequirements.map { _ in market.perp }, own.optionMarginParams.map { _ in market.option },
                                  own.oracleContingencyParams.map { _ in market.oracle }, own.baseMarginParams.map { _ in market.base },
                                  prefix: "markets.\(underlying).")
        }
        return issues
    }

    private static func issues(_ perp: PerpMarginRequirements?, _ option: OptionMarginParams?, _ oracle: OracleContingencyParams?,
                               _ base: BaseMarginParams?, prefix: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func within(_ value: Double, _ low: Double, _ high: Double, _ field: String) {
            if !(value >= low && value <= high) { issues.append(ValidationIssue(field: prefix + field, reason: "must be from \(low) to \(high)")) }
        }
        if let perp, !(perp.mmPerpReq > 0 && perp.mmPerpReq <= perp.imPerpReq && perp.imPerpReq < 1) {
            issues.append(ValidationIssue(field: prefix + "perpMarginRequirements", reason: "must have 0 < mmPerpReq <= imPerpReq < 1"))
        }
        if let option {
            within(option.maxSpotReq, 0, 1.2, "optionMarginParams.maxSpotReq")
            within(option.minSpotReq, 0, 1.2, "optionMarginParams.minSpotReq")
            within(option.mmCallSpotReq, 0, 1, "optionMarginParams.mmCallSpotReq")
            within(option.mmPutSpotReq, 0, 1, "optionMarginParams.mmPutSpotReq")
            within(option.MMPutMtMReq, 0, 1, "optionMarginParams.MMPutMtMReq")
            within(option.unpairedIMScale, 1, 3, "optionMarginParams.unpairedIMScale")
            within(option.unpairedMMScale, 1, 3, "optionMarginParams.unpairedMMScale")
            within(option.mmOffsetScale, 1, 3, "optionMarginParams.mmOffsetScale")
        }
        if let oracle {
            within(oracle.perpThreshold, 0, 1, "oracleContingencyParams.perpThreshold")
            within(oracle.optionThreshold, 0, 1, "oracleContingencyParams.optionThreshold")
            within(oracle.baseThreshold, 0, 1, "oracleContingencyParams.baseThreshold")
            within(oracle.OCFactor, 0, 1, "oracleContingencyParams.OCFactor")
        }
        if let base {
            within(base.marginFactor, 0, 1, "baseMarginParams.marginFactor")
            within(base.IMScale, 0, 1, "baseMarginParams.IMScale")
        }
        return issues
    }
}
