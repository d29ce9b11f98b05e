import Foundation

/// The full parameter set of the `standard` methodology: per-underlying parameters,
/// the collateral registry and the account-wide factors.
///
/// Its `version` is a hash of its canonical form, so a margin result names exactly
/// the parameters that produced it.
public struct RiskParameters: Codable, Hashable, Sendable {
    /// IM = MM x this factor in cross and portfolio modes.
    public var initialMarginFactor: Double = 1.25
    /// How long after expiry an unsettled option or future is still accepted (valued at intrinsic).
    public var settlementGraceSeconds: Int64 = 86_400
    /// Parameters per underlying; an underlying without an entry is unknown and refused.
    public var underlyings: [String: UnderlyingParameters]
    public var collateral: CollateralParameters

    public init(underlyings: [String: UnderlyingParameters], collateral: CollateralParameters) {
        self.underlyings = underlyings
        self.collateral = collateral
    }

    /// Canonical JSON: keys sorted, no insignificant white space, numbers in shortest round-trip form.
    public func canonicalJSON() -> Data { CanonicalForm.json(self) }

    /// SHA-256 of the canonical JSON, hex.
    public var hash: String { CanonicalForm.hash(self) }

    /// The short version name results carry: the first 16 hex digits of the hash.
    public var version: String { String(hash.prefix(16)) }

    public func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = ParameterCheck.positive(initialMarginFactor, "initialMarginFactor", maximum: 100) {
            issues.append(issue)
        } else if initialMarginFactor < 1 {
            issues.append(ValidationIssue(field: "initialMarginFactor", reason: "must be at least 1: initial margin is never below maintenance"))
        }
        if settlementGraceSeconds < 0 || settlementGraceSeconds > 30 * 86_400 {
            issues.append(ValidationIssue(field: "settlementGraceSeconds", reason: "must be from 0 to 2592000 (30 days)"))
        }
        for (symbol, parameters) in underlyings.sorted(by: { $0.key < $1.key }) {
            if !Instrument.isValidUnderlying(symbol) {
                issues.append(ValidationIssue(field: "underlyings.\(symbol)", reason: "is not an underlying symbol"))
            }
            issues += parameters.validationIssues().map { $0.nested(under: "underlyings.\(symbol)") }
        }
        issues += collateral.validationIssues().map { $0.nested(under: "collateral") }
        return issues
    }
}
