import BulwarkJSON
import RiskCore

extension LiquidationSettlement {
    /// The executed fills as the execution answer and event list them.
    var fillsJSON: JSONValue {
        .array(fills.map { fill in
            .object([
                "instrument": .instrument(fill.instrument), "size": .number(fill.size), "price": .number(fill.price),
                "notional": .number(fill.notional), "penalty": .number(fill.penalty), "keeperReward": .number(fill.keeperReward),
                "insuranceFundShare": .number(fill.insuranceFundShare),
            ])
        })
    }
}

extension LiquidationSettlement.Bankruptcy {
    var allocationsJSON: JSONValue {
        .array(allocations.map { .object(["account": .string($0.id), "amount": .number($0.amount), "rank": $0.rank.map { .number(Double($0)) }]) })
    }

    func json(method: SocializationMethod) -> JSONValue {
        .object([
            "deficit": .number(deficit), "insuranceFundDraw": .number(insuranceFundDraw), "socialized": .number(socialized),
            "method": .string(method.rawValue), "allocations": allocationsJSON, "uncovered": .number(uncovered),
        ])
    }
}
