import BulwarkJSON
import HTTPServer
import RiskCore

extension BulwarkAPI {
    /// `POST /v1/margin`: equity, IM, MM, ratio and status of a portfolio in one mode.
    func margin(_ request: HTTPRequest) -> HTTPResponse {
        switch BodyReading.json(request).flatMap({ MarginRequest.decode($0, allowGrid: false) }).flatMap(evaluateWithWhatIf) {
        case .success(let evaluation):
            return BulwarkAPI.json(bytes: MarginResponse.encode(evaluation))
        case .failure(let error):
            return error.response(instance: request.path)
        }
    }

    /// Evaluates the request and, when it carries `whatIf` trades, the portfolio after them.
    func evaluateWithWhatIf(_ request: MarginRequest) -> Result<Evaluation, APIError> {
        var request = request
        request.asOf = request.asOf ?? now()
        return evaluate(request).flatMap { before in
            guard let fills = request.whatIf else { return .success(before) }
            var after = request
            after.methodology.compare = []
            after.portfolio = fills.apply(to: AccountDocument(portfolio: request.portfolio, mode: request.mode,
                                                              methodology: request.methodology.profile)).portfolio
            let issues = after.portfolio.validationIssues()
            guard issues.isEmpty else { return .failure(.invalid(issues.map { $0.nested(under: "whatIf (resulting portfolio)") })) }
            return evaluate(after).map { afterEvaluation in
                var evaluation = before
                evaluation.whatIf = WhatIfOutcome(before: before.result, after: afterEvaluation.result)
                return evaluation
            }
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

    /// A margin result with the profile and parameter hash that produced it, and the
    /// results of the profiles it is compared with.
    struct Evaluation {
        var result: MarginResult
        var profile: String
        var parametersHash: String
        var comparison: [ComparedProfile] = []
        var whatIf: WhatIfOutcome?
    }

    /// One profile of a comparison: its result, or why it cannot margin the portfolio.
    struct ComparedProfile {
        var profile: String
        var result: MarginResult?
        var parametersHash: String?
        var error: APIError?
    }

    /// Runs the risk core for a decoded request: the profile, parameter overrides and time resolved.
    func evaluate(_ request: MarginRequest) -> Result<Evaluation, APIError> {
        var request = request
        if let oracle {
            let filler = OracleMarketFiller(oracle: oracle)
            request.market = filler.fill(request)
            request.portfolio = filler.fillMarkIvs(request.portfolio)
        }
        let asOf = request.asOf ?? now()
        let clock = ContinuousClock()
        let start = clock.now
        let primary = margin(request, profile: request.methodology.profile, overrides: request.methodology.parameterOverrides,
                             asOf: asOf)
        guard case .success(var evaluation) = primary else { return primary }
        metrics.recordMarginComputation(mode: request.mode, duration: clock.now - start)
        metrics.recordMarginStatus(evaluation.result.status)
        for profile in request.methodology.compare {
            let overrides = profile == request.methodology.profile ? request.methodology.parameterOverrides : nil
            switch margin(request, profile: profile, overrides: overrides, asOf: asOf) {
            case .success(let other):
                evaluation.comparison.append(ComparedProfile(profile: profile, result: other.result, parametersHash: other.parametersHash))
            case .failure(let error):
                evaluation.comparison.append(ComparedProfile(profile: profile, error: error))
            }
        }
        return .success(evaluation)
    }

    /// One profile's margin of the request.
    private func margin(_ request: MarginRequest, profile: String, overrides: JSONObject?,
                        asOf: Timestamp) -> Result<Evaluation, APIError> {
        if profile != StandardMethodology.profileName && request.modeSpecified && request.mode != .portfolio {
            return .failure(.invalid([ValidationIssue(field: "mode", reason: "\(profile) is a portfolio-mode profile")]))
        }
        switch profile {
        case StandardMethodology.profileName: return run(methodology, request, overrides: overrides, asOf: asOf)
        case DerivePMRM2Margin.profileName: return run(derivePMRM2, request, overrides: overrides, asOf: asOf)
        case DeribitPMMargin.profileName: return run(deribitPM, request, overrides: overrides, asOf: asOf)
        case Span16Margin.profileName: return run(span16, request, overrides: overrides, asOf: asOf)
        default:
            return .failure(.invalid([ValidationIssue(field: "methodology.profile",
                                                      reason: "unknown profile '\(profile)'; known: \(BulwarkAPI.profiles.joined(separator: ", "))")]))
        }
    }

    /// Runs a profile over its parameters, with the request's overrides merged in.
    private func run<Profile: MarginProfile>(_ base: Profile, _ request: MarginRequest, overrides: JSONObject?,
                                             asOf: Timestamp) -> Result<Evaluation, APIError> {
        var effective = base
        if let overrides, !overrides.members.isEmpty {
            switch ParameterOverrides.apply(overrides, to: base.parameters, path: "methodology.parameters",
                                            validate: Profile.validationIssues(of:)) {
            case .success(let merged): effective = base.with(parameters: merged)
            case .failure(let error): return .failure(error)
            }
        }
        do {
            let result = try effective.margin(request.portfolio, market: request.market, asOf: asOf, mode: request.mode,
                                              grid: request.grid)
            return .success(Evaluation(result: result, profile: Profile.profileName, parametersHash: effective.hash))
        } catch {
            if case .missingMarketData(let asset, let field, let reason) = error {
                guard let oracle, oracle.covers(asset) else {
                    return .failure(.invalid([ValidationIssue(field: field, reason: "is required: \(reason) and no price feed is configured for \(asset)")]))
                }
                let why = oracle.price(asset)?.reason.map { "; the oracle has none: \($0)" } ?? ""
                return .failure(.missingMarketData(asset: asset, field: field, reason: reason + why))
            }
            return .failure(APIError(error))
        }
    }
}
