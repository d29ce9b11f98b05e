import BulwarkJSON
import Foundation
import HTTPServer
import Testing
@testable import BulwarkService
import RiskCore

@Suite struct CalibratorTests {
    /// One scale on the harness's six 10x BTC perpetuals, the three historical paths only, an
    /// empty fund: the isolated rates that keep every path solvent.
    static let oneScale = #"""
        {"target":{"insuranceFund":0},"paths":{"seeded":0},
         "scales":[{"parameter":"isolated.rates","underlying":"BTC","minimum":0.5,"maximum":4}]}
        """#

    func calibrate(_ harness: GovernanceHarness, _ body: String) throws -> JSONValue {
        let (response, queued) = harness.call(.post, "/v1/parameters/calibrations", body, role: .risk)
        #expect(response.status == .accepted, "\(queued ?? .null)")
        let id = try #require(queued?["id"]?.string)
        #expect(response.headers["Location"] == "/v1/parameters/calibrations/\(id)")
        harness.api.calibrator!.waitForCalibrations()
        let (_, done) = harness.call(.get, "/v1/parameters/calibrations/\(id)", role: .reader)
        #expect(done?["status"] == .string("completed") && done?["progress"] == .number(1))
        return try #require(done)
    }

    /// The total shortfall beyond an empty fund on the historical paths at one factor,
    /// replayed here directly (no search).
    func shortfall(_ harness: GovernanceHarness, factor: Double) -> Double {
        let parameters = ScaledParameter.isolatedRates.scaling(.standardDefaults, by: factor, underlying: "BTC")
        let book = harness.api.governance!.book(limit: 100)
        return book.outcomes(of: StressPath.builtIn, under: parameters).reduce(0) { $0 + $1.shortfallBeyond(fund: 0) }
    }

    @Test func oneScaleEndsAtTheLowestFactorThatKeepsEveryPathSolvent() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let calibration = try calibrate(harness, Self.oneScale)
        let result = try #require(calibration["result"])
        #expect(result["met"] == .bool(true))
        let factor = try #require(result["factors"]?.array?.first?["factor"]?.double)
        #expect(result["factors"]?.array?.first?["scale"] == .string("isolated.rates:BTC"))
        // Independently: a scan in steps of 0.01 finds the first factor with no shortfall; the
        // search's answer is no lower, and within its last bisection interval (3.5 / 64) above.
        let scanned = try #require(stride(from: 0.5, through: 4, by: 0.01).first { shortfall(harness, factor: $0) == 0 })
        #expect(shortfall(harness, factor: factor) == 0)
        #expect(factor >= scanned - 0.01 && factor <= scanned + 3.5 / 64, "\(factor) vs \(scanned)")
        #expect(shortfall(harness, factor: 0.5) > 0)
        // The default 2% futures rate is too thin for the May 2021 shape's 2.9% hourly steps.
        #expect(factor > 1)
        // Shortfall falls as the factor rises, trial by trial.
        let trials = try #require(result["trials"]?.array).map { ($0["factors"]!.array![0].double!, $0["shortfallBeyondInsuranceFund"]!.double!) }
        let ordered = trials.sorted { $0.0 < $1.0 }
        #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0.1 >= $1.1 })
        #expect(result["backtests"] == .number(Double(trials.count)))
        #expect(result["bindingPaths"]?.array?.isEmpty == false)
        // Its backtest beside the current one, and the parameters it would change.
        let backtest = try #require(result["backtest"])
        #expect(backtest["total"]?["calibrated"]?["shortfallBeyondInsuranceFund"] == .number(0))
        #expect((backtest["total"]?["current"]?["shortfallBeyondInsuranceFund"]?.double ?? 0) > 0)
        let rate = try #require(result["changes"]?["underlyings"]?["BTC"]?["isolated"]?["futuresMaintenanceRate"]?.double)
        #expect(rate == 0.02 * factor)
        #expect(result["changes"]?["underlyings"]?["ETH"] == nil)
        #expect(calibration["baseParametersHash"] == .string(RiskParameters.standardDefaults.hash))
    }

    @Test func theSameRequestGivesTheSameAnswer() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let body = #"{"target":{"insuranceFund":1000,"seededPathShare":0.5},"paths":{"seeded":4,"seed":9},"scales":[{"parameter":"isolated.rates","minimum":0.5,"maximum":3},{"parameter":"liquidity.rates","minimum":0.5,"maximum":2}]}"#
        let first = try calibrate(harness, body)
        let second = try calibrate(harness, body)
        #expect(first["id"] == .string("cal-1") && second["id"] == .string("cal-2"))
        #expect(first["result"] == second["result"])
        #expect(first["request"]?["paths"]?["seeded"] == .number(4))
        #expect(first["result"]?["backtest"]?["paths"]?.array?.count == 7)
    }

    @Test func aTargetTheBoundsCannotMeetShowsTheBestReached() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let result = try #require(try calibrate(harness, #"{"target":{"insuranceFund":0},"paths":{"seeded":0},"scales":[{"parameter":"isolated.rates","minimum":0.1,"maximum":0.5}]}"#)["result"])
        #expect(result["met"] == .bool(false))
        #expect(result["factors"]?.array?.first?["factor"] == .number(0.5))
        #expect(result["backtests"] == .number(1))
        #expect(result["bindingPaths"]?.array?.contains(.string("crash-may-2021")) == true)
    }

    @Test func oneCallMakesItAProposal() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let calibration = try calibrate(harness, Self.oneScale)
        let id = try #require(calibration["id"]?.string)
        #expect(harness.call(.post, "/v1/parameters/calibrations/\(id)/proposal", role: .reader).0.status == .forbidden)
        let (response, proposal) = harness.call(.post, "/v1/parameters/calibrations/\(id)/proposal", role: .risk)
        #expect(response.status == .accepted)
        #expect(response.headers["Location"] == "/v1/parameters/proposals/prop-1")
        #expect(proposal?["rationale"]?.string?.contains(id) == true)
        #expect(proposal?["changes"] == calibration["result"]?["changes"])
        #expect(proposal?["proposedParametersHash"] == calibration["result"]?["parametersHash"])
        #expect(harness.call(.post, "/v1/parameters/calibrations/\(id)/proposal", role: .risk).0.status == .conflict)
        #expect(harness.call(.get, "/v1/parameters/calibrations/\(id)").1?["proposalId"] == .string("prop-1"))
        harness.api.governance!.waitForBacktests()
        #expect(harness.call(.get, "/v1/parameters/proposals/prop-1").1?["status"] == .string("awaiting-approval"))
        let actions = harness.call(.get, "/v1/parameters/audit").1?["entries"]?.array?.compactMap { $0["action"]?.string }
        #expect(actions == ["calibration.submitted", "calibration.completed", "proposal.submitted", "backtest.completed"])
        let listed = harness.call(.get, "/v1/parameters/calibrations").1?["calibrations"]?.array
        #expect(listed?.count == 1 && listed?.first?["result"]?["trials"] == nil && listed?.first?["result"]?["met"] == .bool(true))
    }

    /// A calibration a stop left queued runs at the next start (the record was committed).
    @Test func aQueuedCalibrationRunsAgainAfterARestart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-calibration-\(UUID().uuidString)").path
        do {
            let harness = try GovernanceHarness(directory: directory)
            harness.putBook()
            let store = harness.store
            var reader = FieldReader()
            guard case .object(let body) = try JSONParser.parse(Array(Self.oneScale.utf8)) else { throw CancellationError() }
            let request = try #require(CalibrationRequest.read(body, fund: 0, seededPaths: 0, seed: 0, parameters: .standardDefaults, &reader))
            try store.write { try $0.governance.save(CalibrationRecord(id: "cal-1", createdAt: 0, requester: "risk-key", request: request.json), now: 0) }
        }
        let restarted = try GovernanceHarness(directory: directory)
        try restarted.api.calibrator!.bootstrap()
        restarted.api.calibrator!.waitForCalibrations()
        let (_, done) = restarted.call(.get, "/v1/parameters/calibrations/cal-1")
        #expect(done?["status"] == .string("completed") && done?["result"]?["met"] == .bool(true))
        let first = try calibrate(restarted, Self.oneScale)
        #expect(first["result"]?["factors"] == done?["result"]?["factors"])
    }

    /// Stored against an underlying the parameters in force no longer list: it fails, saying why.
    @Test func aRequestThatNoLongerAppliesFails() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let request: JSONValue = .object(["scales": .array([.object(["parameter": .string("isolated.rates"), "underlying": .string("DOGE"),
                                                                     "minimum": .number(1), "maximum": .number(2)])])])
        try harness.store.write { try $0.governance.save(CalibrationRecord(id: "cal-1", createdAt: 0, requester: "risk-key", request: request), now: 0) }
        try harness.api.calibrator!.bootstrap()
        harness.api.calibrator!.waitForCalibrations()
        let (_, failed) = harness.call(.get, "/v1/parameters/calibrations/cal-1")
        #expect(failed?["status"] == .string("failed"))
        #expect(failed?["result"]?["error"]?.string?.contains("scales[0].underlying 'DOGE' is not listed") == true, "\(failed ?? .null)")
    }

    @Test func aCancelledCalibrationStopsAndSaysSo() throws {
        let harness = try GovernanceHarness()
        harness.putBook()
        let long = #"{"paths":{"seeded":2000},"search":{"bisectionSteps":20,"sweeps":10},"scales":[{"parameter":"isolated.rates","minimum":0.5,"maximum":4}]}"#
        let (_, queued) = harness.call(.post, "/v1/parameters/calibrations", long, role: .risk)
        let id = try #require(queued?["id"]?.string)
        #expect(harness.call(.delete, "/v1/parameters/calibrations/\(id)", role: .reader).0.status == .forbidden)
        let (response, cancelled) = harness.call(.delete, "/v1/parameters/calibrations/\(id)", role: .risk)
        #expect(response.status == .ok && cancelled?["status"] == .string("cancelled"))
        harness.api.calibrator!.waitForCalibrations()
        let (_, after) = harness.call(.get, "/v1/parameters/calibrations/\(id)")
        #expect(after?["status"] == .string("cancelled") && after?["result"] == nil)
        #expect(harness.call(.delete, "/v1/parameters/calibrations/\(id)", role: .risk).0.status == .conflict)
        #expect(harness.call(.post, "/v1/parameters/calibrations/\(id)/proposal", role: .risk).0.status == .conflict)
    }

    @Test func badRequestsNameTheField() throws {
        let harness = try GovernanceHarness()
        let scale = #"{"parameter":"isolated.rates","minimum":1,"maximum":2}"#
        for (body, field) in [(#"{}"#, "scales"),
                              (#"{"scales":[]}"#, "scales"),
                              (#"{"scales":[{"parameter":"margin","minimum":1,"maximum":2}]}"#, "scales[0].parameter"),
                              (#"{"scales":[{"parameter":"isolated.rates","underlying":"DOGE","minimum":1,"maximum":2}]}"#, "scales[0].underlying"),
                              (#"{"scales":[{"parameter":"initialMarginFactor","underlying":"BTC","minimum":1,"maximum":2}]}"#, "scales[0].underlying"),
                              (#"{"scales":[{"parameter":"isolated.rates","minimum":2,"maximum":1}]}"#, "scales[0].maximum"),
                              (#"{"scales":[{"parameter":"isolated.rates","minimum":0,"maximum":1}]}"#, "scales[0].minimum"),
                              (#"{"scales":[{"parameter":"isolated.rates","maximum":1}]}"#, "scales[0].minimum"),
                              (#"{"scales":[{"parameter":"portfolio.spotShocks","minimum":1,"maximum":5}]}"#, "scales[0].maximum"),
                              (#"{"scales":[{"parameter":"initialMarginFactor","minimum":0.5,"maximum":1}]}"#, "scales[0].minimum"),
                              (#"{"scales":[\#(scale),{"parameter":"isolated.rates","underlying":"BTC","minimum":1,"maximum":2}]}"#, "scales[1]"),
                              (#"{"scales":[\#(scale)],"target":{"seededPathShare":2}}"#, "target.seededPathShare"),
                              (#"{"scales":[\#(scale)],"target":{"insuranceFund":-1}}"#, "target.insuranceFund"),
                              (#"{"scales":[\#(scale)],"paths":{"seeded":100000}}"#, "paths.seeded"),
                              (#"{"scales":[\#(scale)],"paths":{"seeded":1.5}}"#, "paths.seeded"),
                              (#"{"scales":[\#(scale)],"search":{"bisectionSteps":0}}"#, "search.bisectionSteps"),
                              (#"{"scales":[\#(scale)],"goal":1}"#, "goal")] {
            let (response, problem) = harness.call(.post, "/v1/parameters/calibrations", body, role: .risk)
            #expect(response.status == .unprocessableContent, "\(body)")
            #expect(problem?.problemErrors[field] != nil, "\(body): \(problem?.problemErrors ?? [:])")
        }
        #expect(harness.call(.post, "/v1/parameters/calibrations", #"{"scales":[\#(scale)]}"#, role: .reader).0.status == .forbidden)
        // A valid request over an empty book: nothing to replay.
        let (empty, problem) = harness.call(.post, "/v1/parameters/calibrations", #"{"scales":[\#(scale)]}"#, role: .risk)
        #expect(empty.status == .conflict && problem?["detail"]?.string?.contains("no stored accounts") == true)
        #expect(harness.call(.get, "/v1/parameters/calibrations/cal-9").0.status == .notFound)
        #expect(harness.call(.post, "/v1/parameters/calibrations/cal-9/proposal", role: .risk).0.status == .notFound)
    }
}
