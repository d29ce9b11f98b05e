/// Range checks for parameter values, so that an override cannot make margin negative or NaN.
enum ParameterCheck {
    static func rate(_ value: Double, _ field: String, maximum: Double = 1) -> ValidationIssue? {
        guard value.isFinite, value >= 0, value <= maximum else {
            return ValidationIssue(field: field, reason: "must be a number from 0 to \(formatted(maximum))")
        }
        return nil
    }

    static func positive(_ value: Double, _ field: String, maximum: Double) -> ValidationIssue? {
        guard value.isFinite, value > 0, value <= maximum else {
            return ValidationIssue(field: field, reason: "must be greater than 0 and at most \(formatted(maximum))")
        }
        return nil
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
