/// Spreads a loss the insurance fund could not cover over profitable accounts
/// (docs/LIQUIDATION.md, "Socialized loss"). Money is conserved: the allocations plus what
/// stays uncovered equal the loss.
public enum LossSocialization {
    /// An account that may bear part of a socialized loss.
    public struct Candidate: Hashable, Sendable {
        public var id: String
        /// Unrealised profit; only accounts with a positive one take part.
        public var unrealizedPnl: Double
        /// What the positions cost (|size| x entry price, or their notional): the PnL% denominator.
        public var costBasis: Double
        /// Gross notional over equity.
        public var effectiveLeverage: Double

        public init(id: String, unrealizedPnl: Double, costBasis: Double, effectiveLeverage: Double) {
            self.id = id
            self.unrealizedPnl = unrealizedPnl
            self.costBasis = costBasis
            self.effectiveLeverage = effectiveLeverage
        }

        /// BitMEX's ranking: PnL percentage x effective leverage.
        public var rankingScore: Double {
            costBasis > 0 ? unrealizedPnl / costBasis * effectiveLeverage : 0
        }
    }

    public struct Allocation: Hashable, Sendable {
        public var id: String
        public var amount: Double
        /// The place in the ADL queue (1 = first); nil for pro-rata.
        public var rank: Int?
    }

    public static func allocate(loss: Double, among candidates: [Candidate],
                                method: SocializationMethod) -> (allocations: [Allocation], uncovered: Double) {
        let profitable = candidates.filter { $0.unrealizedPnl > 0 && $0.unrealizedPnl.isFinite }
        guard loss > 0 else { return ([], 0) }
        var allocations: [Allocation] = []
        var remaining = loss
        switch method {
        case .autoDeleveraging:
            let queue = profitable.sorted { ($0.rankingScore, $1.id) > ($1.rankingScore, $0.id) }
            for (place, candidate) in queue.enumerated() where remaining > 0 {
                let amount = min(remaining, candidate.unrealizedPnl)
                allocations.append(Allocation(id: candidate.id, amount: amount, rank: place + 1))
                remaining -= amount
            }
        case .proRata:
            let total = profitable.reduce(0) { $0 + $1.unrealizedPnl }
            guard total > 0 else { return ([], loss) }
            let fraction = min(1, loss / total)
            for candidate in profitable.sorted(by: { $0.id < $1.id }) {
                let amount = candidate.unrealizedPnl * fraction
                allocations.append(Allocation(id: candidate.id, amount: amount, rank: nil))
                remaining -= amount
            }
        }
        return (allocations, max(0, remaining))
    }
}
