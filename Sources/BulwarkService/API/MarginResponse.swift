import RiskCore

/// The JSON of a margin result (docs/API.md and openapi.yaml `MarginResult`).
enum MarginResponse {
    static func encode(_ result: MarginResult, profile: String, parametersHash: String) -> JSONValue {
        var requirements: [Int: PositionRequirement] = [:]
        if case .isolated(let breakdown) = result.breakdown {
            for requirement in breakdown.positions { requirements[requirement.index] = requirement }
        }
        let positions = result.positions.enumerated().map { index, position -> JSONValue in
            .object([
                "instrument": .instrument(position.instrument),
                "size": .number(position.size),
                "markPrice": .number(position.markPrice),
                "value": .number(position.value),
                "delta": .number(position.delta),
                "gamma": .number(position.gamma),
                "vega": .number(position.vega),
                "theta": .number(position.theta),
                "volatility": position.volatility.map(JSONValue.number),
                "forward": .number(position.forward),
                "requirement": requirements[index].map {
                    .object(["initial": .number($0.initialMargin), "maintenance": .number($0.maintenanceMargin)])
                },
            ])
        }
        let collateral = result.collateral.map { holding -> JSONValue in
            .object([
                "asset": .string(holding.asset),
                "amount": .number(holding.amount),
                "price": .number(holding.price),
                "marketValue": .number(holding.marketValue),
                "haircut": .number(holding.haircut),
                "initialHaircut": .number(holding.initialHaircut),
                "components": holding.components.map(haircutComponents),
                "value": .number(holding.value),
                "movesWith": holding.movesWith.map(JSONValue.string),
            ])
        }
        let greeks = JSONObject(result.greeks.keys.sorted().map { underlying in
            let net = result.greeks[underlying]!
            return (underlying, .object(["delta": .number(net.delta), "gamma": .number(net.gamma),
                                         "vega": .number(net.vega), "theta": .number(net.theta)]))
        })
        return .object([
            "mode": .string(result.mode.rawValue),
            "methodology": .object(["profile": .string(profile)]),
            "asOf": .string(result.asOf.iso8601),
            "equity": .number(result.equity),
            "cash": .number(result.cash),
            "collateralValue": .number(result.collateralValue),
            "optionsValue": .number(result.optionsValue),
            "unrealizedPnl": .number(result.unrealizedPnl),
            "initialMargin": .number(result.initialMargin),
            "maintenanceMargin": .number(result.maintenanceMargin),
            "marginRatio": .number(result.marginRatio),
            "status": .string(result.status.rawValue),
            "breakdown": breakdown(result.breakdown),
            "positions": .array(positions),
            "collateral": .array(collateral),
            "greeks": .object(greeks),
            "parameters": .object(["version": .string(result.parametersVersion), "hash": .string(parametersHash)]),
        ])
    }

    static func haircutComponents(_ haircut: Haircut) -> JSONValue {
        .object([
            "volatility": .number(haircut.volatility),
            "liquidity": .number(haircut.liquidity),
            "smartContract": .number(haircut.smartContract),
            "correlation": .number(haircut.correlation),
            "concentration": .number(haircut.concentration),
            "correlatedWith": haircut.correlatedWith.map(JSONValue.string),
            "total": .number(haircut.total),
        ])
    }

    static func breakdown(_ breakdown: MarginBreakdown) -> JSONValue {
        switch breakdown {
        case .isolated(let isolated):
            return .object([
                "positions": .array(isolated.positions.map {
                    .object(["index": .number(Double($0.index)), "initialMargin": .number($0.initialMargin),
                             "maintenanceMargin": .number($0.maintenanceMargin)])
                }),
            ])
        case .cross(let cross):
            return .object([
                "underlyings": .array(cross.underlyings.map { u in
                    .object([
                        "underlying": .string(u.underlying), "spot": .number(u.spot), "volatility": .number(u.volatility),
                        "volatilitySource": .string(u.volatilitySource), "move": .number(u.move), "delta": .number(u.delta),
                        "gamma": .number(u.gamma), "deltaRequirement": .number(u.deltaRequirement),
                        "gammaCharge": .number(u.gammaCharge), "vegaBuffer": .number(u.vegaBuffer),
                        "liquidityBuffer": .number(u.liquidityBuffer), "requirement": .number(u.requirement),
                    ])
                }),
                "liquidityBuffer": .number(cross.liquidityBuffer),
            ])
        case .portfolio(let portfolio):
            return .object([
                "underlyings": .array(portfolio.underlyings.map { u in
                    .object([
                        "underlying": .string(u.underlying), "spot": .number(u.spot),
                        "worstScenario": u.scenarios.indices.contains(u.worstScenario) ? scenario(u.scenarios[u.worstScenario]) : nil,
                        "scanLoss": .number(u.scanLoss), "nakedShortSize": .number(u.nakedShortSize),
                        "shortOptionMinimum": .number(u.shortOptionMinimum), "liquidityBuffer": .number(u.liquidityBuffer),
                        "requirement": .number(u.requirement),
                        "scenarios": .array(u.scenarios.map(scenario)),
                    ])
                }),
                "liquidityBuffer": .number(portfolio.liquidityBuffer),
            ])
        }
    }

    static func scenario(_ result: ScenarioResult) -> JSONValue {
        .object([
            "spotShock": .number(result.scenario.spotShock),
            "volShock": .number(result.scenario.volShock),
            "weight": .number(result.scenario.weight),
            "extreme": .bool(result.scenario.isExtreme),
            "pnl": .number(result.pnl),
            "weightedPnl": .number(result.weightedPnl),
        ])
    }
}
