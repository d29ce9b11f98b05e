/// How a bankrupt account's loss beyond the insurance fund is borne by the other accounts.
public enum SocializationMethod: String, Codable, Hashable, Sendable, CaseIterable {
    /// Auto-deleveraging: profitable accounts ranked as BitMEX ranks them (PnL% x effective
    /// leverage), the highest first, each giving up to its unrealised profit.
    case autoDeleveraging = "adl"
    /// Every profitable account gives the same fraction of its unrealised profit.
    case proRata = "pro-rata"
}
