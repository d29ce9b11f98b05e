import BulwarkJSON
import RiskCore

extension MarginProfile {
    /// The same profile with a request's parameter overrides (`methodology.parameters`) merged
    /// into its own and validated as a whole.
    func overriding(_ overrides: JSONObject) -> Result<any MarginProfile, RiskError> {
        ParameterOverrides.apply(overrides, to: parameters, path: "methodology.parameters", validate: Self.validationIssues(of:))
            .map { self.with(parameters: $0) }
    }
}
