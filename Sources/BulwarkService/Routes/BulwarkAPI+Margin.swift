import HTTPServer
import RiskCore

extension BulwarkAPI {
    /// `POST /v1/margin`: equity, IM, MM, ratio and status of a portfolio in one mode.
    func margin(_ request: HTTPRequest) -> HTTPResponse {
        switch computeMargin(request, allowGrid: false) {
        case .success(let evaluation):
            return BulwarkAPI.json(bytes: MarginResponse.encode(evaluation.result, profile: evaluation.profile,
                                                                parametersHash: evaluation.parametersHash))
        case .failure(let error):
            return error.response(instance: request.path)
        }
    }

    /// `POST /v1/scenarios`: every scenario's P&L per underlying and each position's P&L in the worst.
    func scenarios(_ request: HTTPRequest) -> HTTPResponse {
        let decoded: MarginRequest
        switch BodyReading.json(request).flatMap({ MarginRequest.decode($0, allowGrid: true) }) {
        case .success(let value): decoded = value
        case .failure(let error): return error.response(instance: request.path)
        }
        var portfolioRequest = decoded
        portfolioRequest.mode = .portfolio
        switch evaluate(portfolioRequest) {
        case .failure(let error):
            return error.response(instance: request.path)
        case .success(let evaluation):
            let result = evaluation.result
                guard case .portfolio(let breakdown) = result.breakdown else {
                return APIError.unsupported(field: "methodology.profile",
                                            reason: "scenarios are listed by the standard profile; the \(evaluation.profile) breakdown of POST /v1/margin lists its own")
                    .response(instance: request.path)
            }
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
            return BulwarkAPI.json(bytes: json.finish())
        }
    }

    /// A margin result with the profile and parameter hash that produced it.
    struct Evaluation {
        var result: MarginResult
        var profile: String
        var parametersHash: String
    }

    func computeMargin(_ request: HTTPRequest, allowGrid: Bool) -> Result<Evaluation, APIError> {
        BodyReading.json(request)
            .flatMap { MarginRequest.decode($0, allowGrid: allowGrid) }
            .flatMap(evaluate)
    }

    /// Runs the risk core for a decoded request: the profile, parameter overrides and time resolved.
    func evaluate(_ request: MarginRequest) -> Result<Evaluation, APIError> {
        let profile = request.methodology.profile
        let overrides = request.methodology.parameterOverrides.flatMap { $0.members.isEmpty ? nil : $0 }
        let asOf = request.asOf ?? now()
        let clock = ContinuousClock()
        let start = clock.now
        let result: MarginResult
        let hash: String
        do {
            switch profile {
            case StandardMethodology.profileName:
                var effective = methodology
                if let overrides {
                    switch ParameterOverrides.apply(overrides, to: parameters) {
                    case .success(let merged): effective = StandardMethodology(parameters: merged)
                    case .failure(let error): return .failure(error)
                    }
                }
                result = try effective.margin(request.portfolio, market: request.market, asOf: asOf, mode: request.mode, grid: request.grid)
                hash = effective.hash
            case DerivePMRM2Margin.profileName:
                if request.modeSpecified && request.mode != .portfolio {
                    return .failure(.invalid([ValidationIssue(field: "mode", reason: "derive-pmrm2 is a portfolio-mode profile")]))
                }
                var effective = derivePMRM2
                if let overrides {
                    switch ParameterOverrides.apply(overrides, to: derivePMRM2.parameters, path: "methodology.parameters",
                                                    validate: { $0.validationIssues() }) {
                    case .success(let merged): effective = DerivePMRM2Margin(parameters: merged)
                    case .failure(let error): return .failure(error)
                    }
                }
                result = try effective.margin(request.portfolio, market: request.market, asOf: asOf)
                hash = effective.hash
            default:
                return .failure(.invalid([ValidationIssue(field: "methodology.profile",
                                                          reason: "unknown profile '\(profile)'; known: \(BulwarkAPI.profiles.joined(separator: ", "))")]))
            }
        } catch {
            if case .missingMarketData(let asset, let field, let reason) = error, !hasPriceFeed {
                return .failure(.invalid([ValidationIssue(field: field, reason: "is required: \(reason) and no price feed is configured for \(asset)")]))
            }
            return .failure(APIError(error))
        }
        metrics.recordMarginComputation(mode: request.mode, duration: clock.now - start)
        metrics.recordMarginStatus(result.status)
        return .success(Evaluation(result: result, profile: profile, parametersHash: hash))
    }
}
