import BulwarkJSON
import BulwarkService
import Foundation
import HTTPServer
import RiskCore

extension BulwarkBench {
    /// A proposal's backtest and a calibration over ACCOUNTS stored accounts of the reference
    /// book (ReferenceBook) with SEEDED correlated paths besides the three historical ones,
    /// through the API in process, an empty insurance fund. Prints the figures before and after.
    /// The search: the first SCALES of spot range, cross k and isolated rates, BISECTION halvings, SWEEPS passes.
    static func calibration(accounts count: Int, seeded: Int, scales: Int = 3, bisectionSteps: Int = 6, sweeps: Int = 1) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(dataDirectory: directory)
        var governance = GovernanceConfiguration()
        governance.monteCarloPaths = seeded
        governance.backtestAccounts = count
        let clock = ContinuousClock()
        let api = BulwarkAPI(now: { Timestamp(iso8601: "2026-12-01T08:00:00Z")! }, store: store,
                             priceSource: ManualPriceSource(ReferenceBook.spots.merging(["USDC": 1]) { first, _ in first }),
                             governance: governance)
        try api.load()
        let router = api.router
        func call(_ method: HTTPMethod, _ target: String, _ body: JSONValue? = nil) throws -> JSONValue {
            var headers = HTTPHeaders()
            headers.add("Host", "bench")
            headers.add("Content-Type", "application/json")
            let response = router.handle(HTTPRequest(method: method, target: target, headers: headers, body: body.map(JSONWriter.encode) ?? []))
            let answer = try JSONParser.parse(response.body)
            guard response.status.rawValue < 300 else { throw BenchError("\(method) \(target): \(response.status.rawValue) \(String(decoding: response.body, as: UTF8.self))") }
            return answer
        }
        // Funded at 1.05 x initial margin: the answer's equity without cash, then the cash that lifts it there.
        for index in 0..<count {
            let (positions, mode) = ReferenceBook.account(index)
            let margin = try call(.post, "/v1/margin", .object(JSONObject([("cash", .number(0)), ("positions", positions), ("mode", .string(mode)),
                                                                        ("market", .object(JSONObject(ReferenceBook.spots.sorted { $0.key < $1.key }.map { ($0.key, .object(JSONObject([("spot", .number($0.value))]))) })))])))
            guard case .number(let initial)? = margin["initialMargin"], case .number(let equity)? = margin["equity"] else { throw BenchError("no margin for account \(index)") }
            _ = try call(.put, "/v1/accounts/ref-\(index)", .object(JSONObject([("cash", .number(1.05 * initial - equity)), ("positions", positions), ("mode", .string(mode))])))
        }

        let backtest = try clock.measure {
            _ = try call(.post, "/v1/parameters/proposals", .object(JSONObject([("changes", .object(JSONObject([("initialMarginFactor", .number(1.3))]))),
                                                                                ("rationale", .string("benchmark"))])))
            api.governance!.waitForBacktests()
        }
        let request: JSONValue = .object(JSONObject([
            ("target", .object(JSONObject([("insuranceFund", .number(0)), ("seededPathShare", .number(0.99))]))),
            ("paths", .object(JSONObject([("seeded", .number(Double(seeded))), ("seed", .number(42))]))),
            // The spot range's extreme moves (30%) reach -90% at 3.
            ("scales", .array([("portfolio.spotShocks", 3.0), ("cross.standardDeviations", 4), ("isolated.rates", 4)].prefix(scales).map { parameter, maximum in
                .object(JSONObject([("parameter", .string(parameter)), ("minimum", .number(0.5)), ("maximum", .number(maximum))]))
            })),
            ("search", .object(JSONObject([("bisectionSteps", .number(Double(bisectionSteps))), ("sweeps", .number(Double(sweeps)))]))),
        ]))
        var id = ""
        let calibrating = try clock.measure {
            id = try call(.post, "/v1/parameters/calibrations", request)["id"].flatMap { if case .string(let id) = $0 { id } else { nil } } ?? ""
            api.calibrator!.waitForCalibrations()
        }
        let calibration = try call(.get, "/v1/parameters/calibrations/\(id)")
        guard let result = calibration["result"], let total = result["backtest"]?["total"] else { throw BenchError("the calibration has no result: \(calibration)") }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let backtests = result["backtests"].flatMap { if case .number(let value) = $0 { value } else { nil } } ?? 0
        func figures(_ set: String) -> String {
            String(decoding: JSONWriter.encode(total[set] ?? .null), as: UTF8.self)
        }
        let factors = String(decoding: JSONWriter.encode(result["factors"] ?? .null), as: UTF8.self)
        // Per path, for docs/CALIBRATION.md: to standard error, one line each.
        if case .array(let paths)? = result["backtest"]?["paths"] {
            for path in paths {
                let name = path["name"].flatMap { if case .string(let name) = $0 { name } else { nil } } ?? "?"
                FileHandle.standardError.write(Data("\(name) current \(String(decoding: JSONWriter.encode(path["current"] ?? .null), as: UTF8.self)) calibrated \(String(decoding: JSONWriter.encode(path["calibrated"] ?? .null), as: UTF8.self))\n".utf8))
            }
        }
        // The proposal's backtest margins the book and replays every path under two sets; the
        // calibration runs `backtests` sets and then its report (two more).
        print("{\"benchmark\":\"calibration\",\"accounts\":\(count),\"paths\":\(seeded + StressPath.builtIn.count),"
            + "\"cores\":\(ProcessInfo.processInfo.activeProcessorCount),\"search\":{\"scales\":\(scales),\"bisectionSteps\":\(bisectionSteps),\"sweeps\":\(sweeps)},"
            + "\"secondsPerBacktest\":\(String(format: "%.3f", seconds(backtest) / 2)),"
            + "\"calibrationSeconds\":\(String(format: "%.2f", seconds(calibrating))),\"backtests\":\(Int(backtests)),"
            + "\"met\":\(result["met"] == .bool(true)),\"factors\":\(factors),"
            + "\"bindingPaths\":\(String(decoding: JSONWriter.encode(result["bindingPaths"] ?? .null), as: UTF8.self)),"
            + "\"current\":\(figures("current")),\"calibrated\":\(figures("calibrated"))}")
    }
}
