extension Portfolio {
    /// What a profile of a linear venue (Derive's, which settle in USDC and value options from
    /// their mark IV) cannot margin: a coin account, inverse positions and given option marks, each named.
    public func issuesForLinearProfile(_ profile: String) -> [ValidationIssue] {
        let account = currency == AccountCurrency.quoteCode ? []
            : [ValidationIssue(field: "accountCurrency", reason: "\(profile) margins USD (USDC) accounts, as its venue does")]
        return account + positions.enumerated().flatMap { index, position -> [ValidationIssue] in
            var issues: [ValidationIssue] = []
            if position.instrument.settlement == .coin {
                issues.append(ValidationIssue(field: "positions[\(index)].settlement",
                                              reason: "\(profile) margins quote-settled (USDC) instruments only, as its venue lists"))
            }
            if position.markPrice != nil {
                issues.append(ValidationIssue(field: "positions[\(index)].markPrice", reason: "\(profile) values options from their mark IV"))
            }
            return issues
        }
    }
}
