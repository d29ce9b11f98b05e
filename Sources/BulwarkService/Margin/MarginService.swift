import BulwarkJSON
import RiskCore

/// Margins decoded requests: the profile looked up, overrides merged, missing prices filled
/// from the market data provider, the time resolved; what-if fills and comparisons run the
/// same way. Shared by the margin, scenario, what-if and attestation routes.
struct MarginService: Sendable {
    let registry: ParameterRegistry
    /// Prices for what requests do not carry; nil when the service has no feeds.
    let marketData: (any MarketDataProvider)?
    let metrics: ServiceMetrics
    let now: @Sendable () -> Timestamp

    /// Evaluates the request and, when it carries `whatIf` trades, the portfolio after them.
    func evaluateWithWhatIf(_ request: MarginRequest) -> Result<MarginEvaluation, APIError> {
        var request = request
        request.asOf = request.asOf ?? now()
        return evaluate(request).flatMap { before in
            guard let fills = request.whatIf else { return .success(before) }
            var after = request
            after.methodology.compare = []
            after.portfolio = request.portfolio.applying(fills.fills)
            let issues = after.portfolio.validationIssues()
            guard issues.isEmpty else { return .failure(.invalid(issues.map { $0.nested(under: "whatIf (resulting portfolio)") })) }
            return evaluate(after).map { afterEvaluation in
                var evaluation = before
                evaluation.whatIf = WhatIfOutcome(before: before.result, after: afterEvaluation.result)
                return evaluation
            }
        }
    }

    /// Runs the risk core for a decoded request, and for each profile it is compared with.
    func evaluate(_ request: MarginRequest) -> Result<MarginEvaluation, APIError> {
        var request = request
        marketData?.complete(&request.portfolio, &request.market,
                             assets: request.portfolio.pricedAssets(profiles: [request.methodology.profile] + request.methodology.compare))
        let asOf = request.asOf ?? now()
        let profiles = registry.current.profiles
        let clock = ContinuousClock()
        let start = clock.now
        let primary = margin(request, profiles: profiles, profile: request.methodology.profile,
                             overrides: request.methodology.parameterOverrides, asOf: asOf)
        guard case .success(var evaluation) = primary else { return primary }
        metrics.recordMarginComputation(mode: request.mode, duration: clock.now - start)
        metrics.recordMarginStatus(evaluation.result.status)
        for profile in request.methodology.compare {
            let overrides = profile == request.methodology.profile ? request.methodology.parameterOverrides : nil
            switch margin(request, profiles: profiles, profile: profile, overrides: overrides, asOf: asOf) {
            case .success(let other):
                evaluation.comparison.append(ComparedProfile(profile: profile, result: other.result, parametersHash: other.parametersHash))
            case .failure(let error):
                evaluation.comparison.append(ComparedProfile(profile: profile, error: error))
            }
        }
        return .success(evaluation)
    }

    /// One profile's margin of the request, over its parameters with the request's overrides.
    private func margin(_ request: MarginRequest, profiles: MethodologyProfiles, profile name: String, overrides: JSONObject?,
                        asOf: Timestamp) -> Result<MarginEvaluation, APIError> {
        if name != StandardMethodology.profileName && request.modeSpecified && request.mode != .portfolio {
            return .failure(.invalid([ValidationIssue(field: "mode", reason: "\(name) is a portfolio-mode profile")]))
        }
        do throws(RiskError) {
            var profile = try profiles.profile(name)
            if let overrides, !overrides.members.isEmpty { profile = try profile.overriding(overrides).get() }
            let result = try profile.margin(request.portfolio, market: request.market, asOf: asOf, mode: request.mode, grid: request.grid)
            return .success(MarginEvaluation(result: result, profile: name, parametersHash: profile.hash))
        } catch {
            return .failure(apiError(error))
        }
    }

    /// A missing price is the request's omission (422) when neither the venue nor a feed prices
    /// the asset, and the service's outage (503, retry) when one does but has no usable price now.
    private func apiError(_ error: RiskError) -> APIError {
        guard case .missingMarketData(let asset, let missing, let coreReason) = error else { return APIError(error) }
        let field = missing.requestField, reason = missing.requestReason(coreReason, asset: asset)
        guard let marketData, isOutage(missing, of: asset) else {
            return .invalid([ValidationIssue(field: field, reason: "is required: \(reason) and no price feed is configured for \(asset)")])
        }
        let why = marketData.quote(asset)?.reason.map { "; none usable now: \($0)" } ?? ""
        return .missingMarketData(asset: asset, field: field, reason: reason + why)
    }

    /// Whether a missing value is the service's outage: a source that gives such values for
    /// the asset has none now (as against nobody giving them at all).
    func isOutage(_ missing: MissingMarketData, of asset: String) -> Bool {
        guard let marketData else { return false }
        if case .volatility = missing { return marketData.coversOptions(asset) }
        return marketData.covers(asset)
    }
}
