/// How positions are netted for margin (docs/METHODOLOGY.md, "Margin modes").
public enum MarginMode: String, Hashable, Sendable, CaseIterable, Codable {
    /// Each position alone; requirements summed.
    case isolated
    /// Account-wide Greeks per underlying.
    case cross
    /// Worst loss over a grid of spot and volatility shocks per underlying.
    case portfolio
}
