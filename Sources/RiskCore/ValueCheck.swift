/// The value rules shared by every input: one place that says what a valid price,
/// size or volatility is, so every field gets the same reasons.
public enum ValueCheck {
    /// Sizes beyond this many units of an underlying are refused as absurd.
    public static let maximumAbsoluteSize = 1e9
    /// Prices beyond this are refused as absurd.
    public static let maximumPrice = 1e12
    /// Cash and amounts beyond this are refused as absurd.
    public static let maximumAmount = 1e15

    public static func positivePrice(_ value: Double, field: String) -> ValidationIssue? {
        if !value.isFinite { return ValidationIssue(field: field, reason: "must be a finite number") }
        if value <= 0 { return ValidationIssue(field: field, reason: "must be greater than 0") }
        if value > maximumPrice { return ValidationIssue(field: field, reason: "must be at most 1e12") }
        return nil
    }

    public static func unitInterval(_ value: Double, field: String) -> ValidationIssue? {
        if !value.isFinite || value < 0 || value > 1 {
            return ValidationIssue(field: field, reason: "must be between 0 and 1")
        }
        return nil
    }

    /// Volatility as a fraction (0.6 = 60%): finite, above 0 and at most 100 (10,000%), unless
    /// the rule allows more (Derive's PMRM_2 values zero and extreme volatilities).
    public static func volatility(_ value: Double, field: String, rule: VolatilityRule = .standard) -> ValidationIssue? {
        if !value.isFinite { return ValidationIssue(field: field, reason: "must be a finite number") }
        switch rule {
        case .standard:
            if value <= 0 { return ValidationIssue(field: field, reason: "must be greater than 0") }
            if value > 100 { return ValidationIssue(field: field, reason: "must be at most 100 (10,000%); volatility is a fraction, 0.6 = 60%") }
        case .nonNegative:
            if value < 0 { return ValidationIssue(field: field, reason: "must be at least 0") }
            if value > 1e6 { return ValidationIssue(field: field, reason: "must be at most 1e6") }
        }
        return nil
    }

    /// Which volatilities a methodology accepts.
    public enum VolatilityRule: Sendable {
        /// Above 0 and at most 100.
        case standard
        /// 0 or more (zero volatility prices at intrinsic), at most 1e6.
        case nonNegative
    }

    public static func size(_ value: Double, field: String) -> ValidationIssue? {
        if !value.isFinite { return ValidationIssue(field: field, reason: "must be a finite number") }
        if abs(value) > maximumAbsoluteSize { return ValidationIssue(field: field, reason: "must be between -1e9 and 1e9") }
        return nil
    }

    public static func amount(_ value: Double, field: String) -> ValidationIssue? {
        if !value.isFinite { return ValidationIssue(field: field, reason: "must be a finite number") }
        if abs(value) > maximumAmount { return ValidationIssue(field: field, reason: "must be between -1e15 and 1e15") }
        return nil
    }
}
