import BulwarkJSON
import RiskCore

/// The body of `POST /v1/scenarios`: every scenario's P&L per underlying, the worst, and each
/// position's and collateral holding's P&L in it, in the account's currency. In a coin
/// account, a scenario that moves the coin also restates the account's other holdings in it:
/// that part is `currencyPnl` (docs/INVERSE.md), so the parts add up to the scenario's P&L.
enum ScenarioResponse {
    static func encode(_ evaluation: MarginEvaluation, _ breakdown: PortfolioBreakdown) -> [UInt8] {
        let result = evaluation.result
        let currency = result.currency
        var json = JSONStreamWriter()
        json.object { json in
            json.field("asOf", result.asOf.iso8601)
            json.object("methodology") { $0.field("profile", evaluation.profile) }
            json.field("accountCurrency", currency.code)
            json.array("underlyings") { json in
                for u in breakdown.underlyings {
                    let worst = u.scenarios.indices.contains(u.worstScenario) ? u.scenarios[u.worstScenario] : nil
                    json.element { json in
                        json.field("underlying", u.underlying)
                        json.field("spot", u.spot)
                        json.array("scenarios") { json in
                            for scenario in u.scenarios { json.element { MarginResponse.writeScenario(scenario, into: &$0) } }
                        }
                        if let worst {
                            json.object("worstScenario") { json in
                                json.field("index", Double(u.worstScenario))
                                MarginResponse.writeScenario(worst, into: &json)
                            }
                        }
                        // A part's USD P&L at the scenario's price of the account's currency.
                        func inCurrency(_ pnl: Double, _ scenario: Scenario) -> Double {
                            currency.pnl(pnl, spotShock: scenario.spotShock, underlying: u.underlying, equity: 0)
                        }
                        var parts = 0.0
                        json.array("positions") { json in
                            for position in result.positions where position.instrument.underlying == u.underlying {
                                let pnl = worst.map { inCurrency(ScenarioEngine.pnl(of: position, under: $0.scenario), $0.scenario) }
                                parts += pnl ?? 0
                                json.element { json in
                                    MarginResponse.writeInstrument(position.instrument, into: &json)
                                    json.field("settlement", position.instrument.settlement.rawValue)
                                    json.field("size", position.size)
                                    json.field("pnl", pnl)
                                }
                            }
                        }
                        json.array("collateral") { json in
                            for holding in result.collateral where holding.movesWith == u.underlying {
                                let pnl = worst.map { inCurrency(holding.value * $0.scenario.spotShock, $0.scenario) }
                                parts += pnl ?? 0
                                json.element { json in
                                    json.field("asset", holding.asset)
                                    json.field("pnl", pnl)
                                }
                            }
                        }
                        if !currency.isQuote, currency.code == u.underlying, let worst {
                            json.field("currencyPnl", worst.pnl - parts)
                        }
                        json.field("scanLoss", u.scanLoss)
                    }
                }
            }
            json.object("parameters") { json in
                json.field("version", result.parametersVersion)
                json.field("hash", evaluation.parametersHash)
            }
        }
        return json.finish()
    }
}
