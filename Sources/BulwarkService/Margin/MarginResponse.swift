import BulwarkJSON
import RiskCore

/// The JSON of a margin result (openapi.yaml `MarginResult`), written straight to bytes:
/// this is the hottest response of the service.
enum MarginResponse {
    // Long on purpose: the answer's shape, field by field in the order openapi.yaml lists them.
    static func encode(_ evaluation: MarginEvaluation) -> [UInt8] {
        let result = evaluation.result
        let profile = evaluation.profile
        let parametersHash = evaluation.parametersHash
        // Room for the scenario lists up front: about 1 KB a position and 5 KB an underlying.
        var json = JSONStreamWriter(capacity: 2_048 + 1_024 * result.positions.count + 5_120 * result.greeks.count)
        json.object { json in
            json.field("mode", result.mode.rawValue)
            json.object("methodology") { $0.field("profile", profile) }
            json.field("asOf", result.asOf.iso8601)
            // Every money figure below is in it; prices stay in USD (docs/INVERSE.md).
            json.field("accountCurrency", result.currency.code)
            json.field("equity", result.equity)
            json.field("cash", result.cash)
            json.field("collateralValue", result.collateralValue)
            json.field("optionsValue", result.optionsValue)
            json.field("unrealizedPnl", result.unrealizedPnl)
            json.field("initialMargin", result.initialMargin)
            json.field("maintenanceMargin", result.maintenanceMargin)
            json.field("marginRatio", result.marginRatio)
            json.field("status", result.status.rawValue)
            json.object("breakdown") { writeBreakdown(result.breakdown, into: &$0) }
            writePositions(result, into: &json)
            json.array("collateral") { json in
                for holding in result.collateral {
                    json.element { json in
                        json.field("asset", holding.asset)
                        json.field("amount", holding.amount)
                        json.field("price", holding.price)
                        json.field("marketValue", result.currency.amount(holding.marketValue))
                        json.field("haircut", holding.haircut)
                        json.field("initialHaircut", holding.initialHaircut)
                        if let components = holding.components {
                            json.object("components") { writeHaircutComponents(components, into: &$0) }
                        }
                        json.field("value", result.currency.amount(holding.value))
                        if let movesWith = holding.movesWith { json.field("movesWith", movesWith) }
                    }
                }
            }
            json.object("greeks") { json in
                for underlying in result.greeks.keys.sorted() {
                    let net = result.greeks[underlying]!
                    json.object(dynamicKey: underlying) { json in
                        json.field("delta", net.delta)
                        json.field("gamma", net.gamma)
                        json.field("vega", result.currency.amount(net.vega))
                        json.field("theta", result.currency.amount(net.theta))
                    }
                }
            }
            json.object("parameters") { json in
                json.field("version", result.parametersVersion)
                json.field("hash", parametersHash)
            }
            if let whatIf = evaluation.whatIf {
                json.object("whatIf") { writeWhatIf(whatIf, into: &$0) }
            }
            if !evaluation.comparison.isEmpty {
                json.array("comparison") { json in
                    for compared in evaluation.comparison {
                        json.element { json in
                            json.field("profile", compared.profile)
                            if let other = compared.result {
                                json.field("equity", other.equity)
                                json.field("initialMargin", other.initialMargin)
                                json.field("maintenanceMargin", other.maintenanceMargin)
                                json.field("marginRatio", other.marginRatio)
                                json.field("status", other.status.rawValue)
                                json.object("parameters") { json in
                                    json.field("version", other.parametersVersion)
                                    json.field("hash", compared.parametersHash ?? "")
                                }
                            }
                            if let error = compared.error {
                                json.field("error", error.problemSummary)
                            }
                        }
                    }
                }
            }
        }
        return json.finish()
    }

    static func writeWhatIf(_ whatIf: WhatIfOutcome, into json: inout JSONStreamWriter) {
        func summary(_ result: MarginResult, into json: inout JSONStreamWriter) {
            json.field("equity", result.equity)
            json.field("initialMargin", result.initialMargin)
            json.field("maintenanceMargin", result.maintenanceMargin)
            json.field("marginRatio", result.marginRatio)
            json.field("status", result.status.rawValue)
        }
        json.object("before") { summary(whatIf.before, into: &$0) }
        json.object("after") { summary(whatIf.after, into: &$0) }
        json.field("accepted", whatIf.accepted)
        if let reason = whatIf.reason { json.field("reason", reason) }
    }

    private static func writePositions(_ result: MarginResult, into json: inout JSONStreamWriter) {
        var requirements: [PositionRequirement]?
        if case .isolated(let breakdown) = result.breakdown { requirements = breakdown.positions }
        json.array("positions") { json in
            for (index, position) in result.positions.enumerated() {
                json.element { json in
                    writeInstrument(position.instrument, into: &json)
                    json.field("settlement", position.instrument.settlement.rawValue)
                    json.field("size", position.size)
                    json.field("markPrice", position.markPrice)
                    json.field("value", result.currency.amount(position.value))
                    json.field("delta", position.delta)
                    json.field("gamma", position.gamma)
                    json.field("vega", result.currency.amount(position.vega))
                    json.field("theta", result.currency.amount(position.theta))
                    if let volatility = position.volatility { json.field("volatility", volatility) }
                    json.field("forward", position.forward)
                    if let requirement = requirements?[index] {
                        json.object("requirement") { json in
                            json.field("initial", requirement.initialMargin)
                            json.field("maintenance", requirement.maintenanceMargin)
                        }
                    }
                }
            }
        }
    }

    /// `"instrument"`: the Deribit name, or the structured form when the instrument has none.
    static func writeInstrument(_ instrument: Instrument, into json: inout JSONStreamWriter) {
        if let name = instrument.deribitName {
            json.field("instrument", name)
        } else {
            json.field("instrument", JSONValue.instrument(instrument))
        }
    }

    static func writeHaircutComponents(_ haircut: Haircut, into json: inout JSONStreamWriter) {
        json.field("volatility", haircut.volatility)
        json.field("liquidity", haircut.liquidity)
        json.field("smartContract", haircut.smartContract)
        json.field("correlation", haircut.correlation)
        json.field("concentration", haircut.concentration)
        if let correlatedWith = haircut.correlatedWith { json.field("correlatedWith", correlatedWith) }
        json.field("total", haircut.total)
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

    // Long on purpose: every methodology's breakdown, each written in its documented shape.
    static func writeBreakdown(_ breakdown: MarginBreakdown, into json: inout JSONStreamWriter) {
        switch breakdown {
        case .isolated(let isolated):
            json.array("positions") { json in
                for requirement in isolated.positions {
                    json.element { json in
                        json.field("index", Double(requirement.index))
                        json.field("initialMargin", requirement.initialMargin)
                        json.field("maintenanceMargin", requirement.maintenanceMargin)
                    }
                }
            }
        case .cross(let cross):
            json.array("underlyings") { json in
                for u in cross.underlyings {
                    json.element { json in
                        json.field("underlying", u.underlying)
                        json.field("spot", u.spot)
                        json.field("volatility", u.volatility)
                        json.field("volatilitySource", u.volatilitySource)
                        json.field("move", u.move)
                        json.field("delta", u.delta)
                        json.field("gamma", u.gamma)
                        json.field("deltaRequirement", u.deltaRequirement)
                        json.field("gammaCharge", u.gammaCharge)
                        json.field("vegaBuffer", u.vegaBuffer)
                        json.field("liquidityBuffer", u.liquidityBuffer)
                        json.field("requirement", u.requirement)
                    }
                }
            }
            json.field("liquidityBuffer", cross.liquidityBuffer)
        case .portfolio(let portfolio):
            json.array("underlyings") { json in
                for u in portfolio.underlyings {
                    json.element { json in
                        json.field("underlying", u.underlying)
                        json.field("spot", u.spot)
                        if u.scenarios.indices.contains(u.worstScenario) {
                            json.object("worstScenario") { writeScenario(u.scenarios[u.worstScenario], into: &$0) }
                        }
                        json.field("scanLoss", u.scanLoss)
                        json.field("nakedShortSize", u.nakedShortSize)
                        json.field("shortOptionMinimum", u.shortOptionMinimum)
                        json.field("liquidityBuffer", u.liquidityBuffer)
                        json.field("requirement", u.requirement)
                        json.array("scenarios") { json in
                            for scenario in u.scenarios {
                                json.element { writeScenario(scenario, into: &$0) }
                            }
                        }
                    }
                }
            }
            json.field("liquidityBuffer", portfolio.liquidityBuffer)
        case .derivePMRM2(let derive):
            writeDeriveBreakdown(derive, into: &json)
        case .deriveSRM(let srm):
            srm.write(into: &json)
        case .deribitPM(let deribit):
            json.array("underlyings") { json in
                for u in deribit.underlyings {
                    json.element { json in
                        json.field("underlying", u.underlying)
                        json.field("spot", u.spot)
                        json.field("worstScenario", Double(u.worstScenario))
                        json.field("riskMatrixLoss", u.riskMatrixLoss)
                        json.field("deltaShock", u.deltaShock)
                        json.field("rollShock", u.rollShock)
                        json.field("riskMatrixMargin", u.riskMatrixMargin)
                        json.array("scenarios") { json in
                            for scenario in u.scenarios {
                                json.element { json in
                                    json.field("spotShock", scenario.spotShock)
                                    json.field("volatility", scenario.volatility.rawValue)
                                    json.field("extended", scenario.extended)
                                    json.field("pnl", scenario.pnl)
                                    json.field("weightedPnl", scenario.weightedPnl)
                                }
                            }
                        }
                    }
                }
            }
            json.field("mmFactor", deribit.mmFactor)
            json.object("marginAddOns") { json in
                json.field("mmp", deribit.marginAddOns.mmp)
                json.field("openOrders", deribit.marginAddOns.openOrders)
                json.field("spot", deribit.marginAddOns.spot)
            }
        }
    }

    static func writeDeriveBreakdown(_ derive: DerivePMRM2Breakdown, into json: inout JSONStreamWriter) {
        if let underlying = derive.underlying { json.field("underlying", underlying) }
        json.field("worst", derive.worst)
        // The index of the worst scenario, or null when the basis contingency is the worst.
        json.field("worstScenario", derive.worstScenario.map(Double.init))
        json.field("basisContingency", derive.basisContingency)
        json.field("maintenanceLossFactor", derive.maintenanceLossFactor)
        json.field("initialLossFactor", derive.initialLossFactor)
        json.field("stablePrice", derive.stablePrice)
        json.array("scenarios") { json in
            for loss in derive.scenarios {
                json.element { json in
                    json.field("kind", loss.kind.rawValue)
                    json.field("spotShock", loss.scenario.spotShock)
                    json.field("volShockDirection", loss.scenario.volShockDirection.rawValue)
                    json.field("dampeningFactor", loss.scenario.dampeningFactor)
                    json.field("pnl", loss.pnl)
                }
            }
        }
        json.array("expiries") { json in
            for expiry in derive.expiries {
                json.element { json in
                    json.field("expiry", expiry.expiry.iso8601)
                    json.field("secondsToExpiry", Double(expiry.secondsToExpiry))
                    json.field("markToMarket", expiry.markToMarket)
                    json.field("staticDiscountPositive", expiry.staticDiscountPositive)
                    json.field("staticDiscountNegative", expiry.staticDiscountNegative)
                    json.field("basisContingency", expiry.basisContingency)
                }
            }
        }
        json.object("contingencies") { json in
            json.object("maintenance") { json in
                json.field("perpetual", derive.maintenancePerpContingency)
                json.field("options", derive.maintenanceOptionContingency)
                json.field("collateral", derive.maintenanceCollateralContingency)
            }
            json.object("initial") { json in
                json.field("perpetual", derive.initialPerpContingency)
                json.field("options", derive.initialOptionContingency)
                json.field("collateral", derive.initialCollateralContingency)
                json.field("confidence", derive.confidenceContingency)
            }
        }
    }

    static func writeScenario(_ result: ScenarioResult, into json: inout JSONStreamWriter) {
        json.field("spotShock", result.scenario.spotShock)
        json.field("volShock", result.scenario.volShock)
        json.field("weight", result.scenario.weight)
        json.field("extreme", result.scenario.isExtreme)
        json.field("pnl", result.pnl)
        json.field("weightedPnl", result.weightedPnl)
    }
}
