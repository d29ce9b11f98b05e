import HTTPServer
import RiskCore

/// `POST /v1/margin` and `POST /v1/scenarios`.
struct MarginRoutes {
    let margin: MarginService

    func add(to routes: inout RouteTable) {
        routes.add(.post, "/v1/margin", .reader, postMargin)
        routes.add(.post, "/v1/scenarios", .reader, postScenarios)
    }

    /// Equity, IM, MM, ratio and status of a portfolio in one mode.
    func postMargin(_ request: HTTPRequest) -> HTTPResponse {
        switch BodyReading.document(request).flatMap({ $0.read { MarginRequest.decode($0, allowGrid: false) } }).flatMap(margin.evaluateWithWhatIf) {
        case .success(let evaluation): JSONResponse.make(bytes: MarginResponse.encode(evaluation))
        case .failure(let error): error.response(instance: request.path)
        }
    }

    /// Every scenario's P&L per underlying and each position's P&L in the worst (portfolio mode).
    func postScenarios(_ request: HTTPRequest) -> HTTPResponse {
        let outcome = BodyReading.document(request).flatMap { $0.read { MarginRequest.decode($0, allowGrid: true) } }.flatMap { decoded in
            var portfolioRequest = decoded
            portfolioRequest.mode = .portfolio
            return margin.evaluate(portfolioRequest)
        }
        switch outcome {
        case .failure(let error):
            return error.response(instance: request.path)
        case .success(let evaluation):
            guard case .portfolio(let breakdown) = evaluation.result.breakdown else {
                return APIError.unsupported(field: "methodology.profile",
                                            reason: "scenarios are listed by the standard profile; the \(evaluation.profile) breakdown of POST /v1/margin lists its own")
                    .response(instance: request.path)
            }
            return JSONResponse.make(bytes: ScenarioResponse.encode(evaluation, breakdown))
        }
    }
}
