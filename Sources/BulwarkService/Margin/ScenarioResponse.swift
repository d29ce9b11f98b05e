import BulwarkJSON
import RiskCore

/// The body of `POST /v1/scenarios`: every scenario's P&L per underlying, the worst, and each
/// position's and collateral holding's P&L in it.
enum ScenarioResponse {
    static func encode(_ evaluation: MarginEvaluation, _ breakdown: PortfolioBreakdown) -> [UInt8] {
        let result = evaluation.result
        var json = JSONStreamWriter()
        json.object { json in
            json.field("asOf", result.asOf.iso8601)
            json.object("methodology") { $0.field("profile", evaluation.profile) }
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
                        json.array("positions") { json in
                            for position in result.positions where position.instrument.underlying == u.underlying {
                                json.element { json in
                                    MarginResponse.writeInstrument(position.instrument, into: &json)
                                    json.field("size", position.size)
                                    json.field("pnl", worst.map { ScenarioEngine.pnl(of: position, under: $0.scenario) })
                                }
                            }
                        }
                        json.array("collateral") { json in
                            for holding in result.collateral where holding.movesWith == u.underlying {
                                json.element { json in
                                    json.field("asset", holding.asset)
                                    json.field("pnl", worst.map { holding.value * $0.scenario.spotShock })
                                }
                            }
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
