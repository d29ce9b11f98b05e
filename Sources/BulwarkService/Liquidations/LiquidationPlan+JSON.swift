import BulwarkJSON
import RiskCore

extension LiquidationPlan {
    /// The plan as `GET /v1/liquidations` shows it.
    var json: JSONValue {
        .object([
            "statusBefore": .string(statusBefore.rawValue),
            "equityBefore": .number(equityBefore),
            "maintenanceMarginBefore": .number(maintenanceMarginBefore),
            "marginRatioBefore": .number(marginRatioBefore),
            "targetRatio": .number(targetRatio),
            "reachesTarget": .bool(reachesTarget),
            "equityAfter": .number(equityAfter),
            "maintenanceMarginAfter": .number(maintenanceMarginAfter),
            "marginRatioAfter": .number(marginRatioAfter),
            "expectedShortfall": .number(expectedShortfall),
            "totalPenalty": .number(totalPenalty),
            "steps": .array(steps.map { step in
                .object([
                    "instrument": .instrument(step.instrument),
                    "size": .number(step.size),
                    "sizeUnit": step.sizeUnit == .usd ? .string(step.sizeUnit.rawValue) : nil,
                    "fraction": .number(step.fraction),
                    "markPrice": .number(step.markPrice),
                    "notional": .number(step.notional),
                    "expectedSlippage": .number(step.expectedSlippage),
                    "penalty": .number(step.penalty),
                    "keeperReward": .number(step.keeperReward),
                    "insuranceFundShare": .number(step.insuranceFundShare),
                    "gasCost": .number(step.gasCost),
                    "keeperProfit": .number(step.keeperProfit),
                    "maintenanceMarginReduction": .number(step.maintenanceMarginReduction),
                    "equityAfter": .number(step.equityAfter),
                    "maintenanceMarginAfter": .number(step.maintenanceMarginAfter),
                    "marginRatioAfter": .number(step.marginRatioAfter),
                ])
            }),
            "keeperEconomics": .object([
                "economic": .bool(economics.isEconomic),
                "keeperRevenue": .number(economics.keeperRevenue),
                "expectedSlippage": .number(economics.expectedSlippage),
                "gasCost": .number(economics.gasCost),
                "keeperProfit": .number(economics.keeperProfit),
                "breakEvenPenaltyRate": .number(economics.breakEvenPenaltyRate),
                "penaltyCappedByEquity": .bool(economics.penaltyCappedByEquity),
            ]),
        ])
    }
}
