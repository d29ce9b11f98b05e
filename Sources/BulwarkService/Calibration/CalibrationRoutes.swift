import BulwarkJSON
import HTTPServer

/// `POST /v1/parameters/calibrations` and what follows it: progress, the answer, the proposal.
struct CalibrationRoutes: Sendable {
    let calibrator: Calibrator

    static func add(_ feature: CalibrationRoutes?, to routes: inout RouteTable) {
        routes.add(.get, "/v1/parameters/calibrations", .reader, feature, CalibrationRoutes.listCalibrations)
        routes.add(.post, "/v1/parameters/calibrations", .risk, feature, CalibrationRoutes.postCalibration)
        routes.add(.get, "/v1/parameters/calibrations/{id}", .reader, feature, CalibrationRoutes.getCalibration)
        routes.add(.delete, "/v1/parameters/calibrations/{id}", .risk, feature, CalibrationRoutes.cancelCalibration)
        routes.add(.post, "/v1/parameters/calibrations/{id}/proposal", .risk, feature, CalibrationRoutes.postProposal)
    }

    /// `POST /v1/parameters/calibrations`: 202 with the queued calibration; it runs in the background.
    func postCalibration(_ request: HTTPRequest, _ principal: Principal) -> HTTPResponse {
        var reader = FieldReader()
        let body: JSONObject
        switch BodyReading.object(request, allowed: ["target", "paths", "scales", "search"], &reader) {
        case .success(let object): body = object
        case .failure(let error): return error.response(instance: request.path)
        }
        guard reader.issues.isEmpty else { return APIError.invalid(reader.issues).response(instance: request.path) }
        switch calibrator.submit(body, by: principal) {
        case .success(let record):
            var response = JSONResponse.make(record.json(progress: calibrator.progress(of: record.id)), status: .accepted)
            response.headers.add("Location", "/v1/parameters/calibrations/\(record.id)")
            return response
        case .failure(let error):
            return APIError(error).response(instance: request.path)
        }
    }

    /// `GET /v1/parameters/calibrations`: every calibration, oldest first, without trials, parameters or backtest.
    func listCalibrations(_ request: HTTPRequest) -> HTTPResponse {
        JSONResponse.make(.object([
            "calibrations": .array(calibrator.records().map { $0.json(progress: calibrator.progress(of: $0.id), summary: true) }),
        ]))
    }

    /// `GET /v1/parameters/calibrations/{id}`: progress while it runs, the whole answer once done.
    func getCalibration(_ request: HTTPRequest) -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        guard let record = calibrator.record(id) else { return APIError.notFound("no calibration '\(id)'").response(instance: request.path) }
        return JSONResponse.make(record.json(progress: calibrator.progress(of: id)))
    }

    /// `DELETE /v1/parameters/calibrations/{id}`: cancels a queued or running calibration (kept, as `cancelled`).
    func cancelCalibration(_ request: HTTPRequest, _ principal: Principal) -> HTTPResponse {
        switch calibrator.cancel(request.pathParameters["id"] ?? "", by: principal) {
        case .success(let record): return JSONResponse.make(record.json(progress: nil))
        case .failure(let error): return APIError(error).response(instance: request.path)
        }
    }

    /// `POST /v1/parameters/calibrations/{id}/proposal` with an optional `{"rationale"}`: 202
    /// with the governance proposal of the calibrated parameters (its own backtest starts).
    func postProposal(_ request: HTTPRequest, _ principal: Principal) -> HTTPResponse {
        var reader = FieldReader()
        var body = JSONObject()
        if !request.body.isEmpty {
            switch BodyReading.object(request, allowed: ["rationale"], &reader) {
            case .success(let object): body = object
            case .failure(let error): return error.response(instance: request.path)
            }
        }
        let rationale = reader.string(body["rationale"], "rationale")
        guard reader.issues.isEmpty else { return APIError.invalid(reader.issues).response(instance: request.path) }
        switch calibrator.propose(request.pathParameters["id"] ?? "", rationale: rationale, by: principal) {
        case .success(let proposal):
            var response = JSONResponse.make(ParameterRoutes(registry: calibrator.governance.registry, governance: calibrator.governance)
                .proposalJSON(proposal), status: .accepted)
            response.headers.add("Location", "/v1/parameters/proposals/\(proposal.id)")
            return response
        case .failure(let error):
            return APIError(error).response(instance: request.path)
        }
    }
}
