import BulwarkJSON
import BulwarkService
import CAllocationCounter
import Foundation
import HTTPServer
import RiskCore
import ScenarioKernels

/// Benchmarks that print one JSON line each. Not tests: run them on a quiet machine.
///   swift run -c release bulwark-bench handler [ITERATIONS]
///   swift run -c release bulwark-bench scenarios [OPTIONS]
///   swift run -c release bulwark-bench small-books [OPTIONS...]
///   swift run -c release bulwark-bench monitor [ACCOUNTS]
///   swift run -c release bulwark-bench calibration [ACCOUNTS] [SEEDED_PATHS] [SCALES] [BISECTION_STEPS] [SWEEPS]
@main
struct BulwarkBench {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        switch arguments.first {
        case "handler":
            try handler(iterations: arguments.dropFirst().first.flatMap(Int.init) ?? 20_000)
        case "scenarios":
            try scenarios(options: arguments.dropFirst().first.flatMap(Int.init) ?? 1_000)
        case "small-books":
            let sizes = arguments.dropFirst().compactMap(Int.init)
            try smallBooks(sizes: sizes.isEmpty ? [1, 2, 4, 8, 10, 16, 32, 63] : sizes)
        case "monitor":
            try monitor(accounts: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000)
        case "calibration":
            let numbers = arguments.dropFirst().compactMap { Int($0) }
            func number(_ index: Int, _ fallback: Int) -> Int { numbers.count > index ? numbers[index] : fallback }
            try calibration(accounts: number(0, ReferenceBook.count), seeded: number(1, 16), scales: number(2, 3),
                            bisectionSteps: number(3, 6), sweeps: number(4, 1))
        default:
            FileHandle.standardError.write(Data("usage: bulwark-bench handler [ITERATIONS] | scenarios [OPTIONS] | small-books [OPTIONS...] | monitor [ACCOUNTS] | calibration [ACCOUNTS] [SEEDED_PATHS] [SCALES] [BISECTION_STEPS] [SWEEPS]\n".utf8))
            exit(2)
        }
    }

    /// The POST /v1/margin handler in process on one core: JSON in, margin, JSON out, no sockets.
    static func handler(iterations: Int) throws {
        let body = try Data(contentsOf: URL(fileURLWithPath: "bench/margin-10.json"))
        let router = BulwarkAPI().router
        var headers = HTTPHeaders()
        headers.add("Host", "bench")
        headers.add("Content-Type", "application/json")
        let request = HTTPRequest(method: .post, target: "/v1/margin", headers: headers, body: Array(body))
        guard router.handle(request).status == .ok else { throw BenchError("the benchmark portfolio is not accepted") }
        for _ in 0..<min(1_000, iterations) { _ = router.handle(request) }
        let clock = ContinuousClock()
        var bytes = 0
        let elapsed = clock.measure {
            for _ in 0..<iterations { bytes &+= router.handle(request).body.count }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("{\"benchmark\":\"margin-handler\",\"iterations\":\(iterations),\"microsecondsPerRequest\":\(String(format: "%.2f", seconds / Double(iterations) * 1e6)),\"requestsPerSecondOneCore\":\(Int(Double(iterations) / seconds)),\"responseBytes\":\(bytes / iterations)}")
    }
}

extension BulwarkBench {
    /// Scenario valuations per second on one core: OPTIONS options (the book of
    /// bench/peers/scenarios_numpy.py: same seed, same strikes, expiries, sizes and vols) on a
    /// 21 x 3 grid (63 scenarios), per kernel and on the scalar libm path.
    static func scenarios(options count: Int) throws {
        let valued = try benchmarkBook(options: count)
        let grid = benchmarkGrid
        let valuations = Double(count * grid.count)
        // Every kernel this processor runs; the service uses the first (the widest).
        var perKernel: [String] = []
        var worst: [Double] = []
        var fastest = 0.0
        for kernel in ScenarioKernels.available {
            let engine = ScenarioEngine(underlying: "BTC", valued: valued, kernel: kernel)
            let seconds = measure(seconds: 2) { engine.pnl(under: grid).reduce(0, +) }
            if perKernel.isEmpty { fastest = valuations / seconds }
            perKernel.append("\"\(kernel.name)\":\(Int(valuations / seconds))")
            worst.append(engine.pnl(under: grid).min() ?? 0)
        }
        let engine = ScenarioEngine(underlying: "BTC", valued: valued)
        let scalar = measure(seconds: 2) { grid.reduce(0) { $0 + engine.scalarPnl(under: $1) } }
        print("{\"benchmark\":\"scenarios\",\"options\":\(count),\"scenarios\":\(grid.count),"
            + "\"kernel\":\"\(ScenarioKernels.fastest.name)\",\"valuationsPerSecond\":\(Int(fastest)),"
            + "\"kernels\":{\(perKernel.joined(separator: ","))},\"kernelsAgreeToTheBit\":\(Set(worst).count == 1),"
            + "\"scalarValuationsPerSecond\":\(Int(valuations / scalar)),"
            + "\"simdOverScalar\":\(String(format: "%.2f", fastest * scalar / valuations)),\"worstPnl\":\(worst[0])}")
    }

    /// Small books (by default 1 to 63 options, the first options of the `scenarios` book) on the
    /// same grid, one core: valuations per second per kernel through `ScenarioEngine.pnl(under:)`
    /// (what the service runs), and the scalar libm path for comparison. The paths take turns,
    /// five rounds of 0.2 s each, and each keeps its best round: on a shared machine the clock
    /// speed drifts within a second, and turns keep that drift from favouring one path.
    static func smallBooks(sizes: [Int]) throws {
        let grid = benchmarkGrid
        var lines: [String] = []
        for count in sizes {
            let valued = try benchmarkBook(options: count)
            let valuations = Double(count * grid.count)
            var paths: [(name: String, run: () -> Double)] = ScenarioKernels.available.map { kernel in
                let engine = ScenarioEngine(underlying: "BTC", valued: valued, kernel: kernel)
                return (kernel.name, { engine.pnl(under: grid).reduce(0, +) })
            }
            let engine = ScenarioEngine(underlying: "BTC", valued: valued)
            paths.append(("scalar", { grid.reduce(0) { $0 + engine.scalarPnl(under: $1) } }))
            var best = [Double](repeating: .infinity, count: paths.count)
            for _ in 0..<5 {
                for (index, path) in paths.enumerated() { best[index] = min(best[index], measure(seconds: 0.2, path.run)) }
            }
            let figures = zip(paths, best).map { "\"\($0.name)\":\(Int(valuations / $1))" }
            lines.append("\"\(count)\":{\(figures.joined(separator: ","))}")
        }
        print("{\"benchmark\":\"small-books\",\"scenarios\":\(grid.count),\"unit\":\"valuationsPerSecond\","
            + "\"kernel\":\"\(ScenarioKernels.fastest.name)\",\"books\":{\(lines.joined(separator: ","))}}")
    }

    /// The book of bench/peers/scenarios_numpy.py: same seed, strikes, expiries, sizes and vols.
    static func benchmarkBook(options count: Int) throws -> ValuedPortfolio {
        let asOf = Timestamp(iso8601: "2026-12-01T08:00:00Z")!
        var random = SeededRandom(seed: 2026)
        var positions: [Position] = []
        for _ in 0..<count {
            let days = 1 + Int64(random.uniform() * 364)
            let kind: InstrumentKind = random.uniform() < 0.5 ? .call : .put
            let strike = (50_000 + random.uniform() * 100_000).rounded()
            positions.append(Position(instrument: .option("BTC", kind, strike: strike, expiry: asOf.adding(seconds: days * 86_400)),
                                      size: (random.uniform() * 20 - 10).rounded() == 0 ? 1 : (random.uniform() * 20 - 10).rounded(),
                                      markIv: 0.3 + random.uniform() * 0.9))
        }
        return try PortfolioValuer(parameters: .standardDefaults).value(
            Portfolio(positions: positions), market: MarketData(["BTC": AssetMarket(spot: 90_000)]), asOf: asOf, scenarioUnderlyings: ["BTC"])
    }

    /// The 21 x 3 grid of the scenarios benchmarks (63 scenarios).
    static let benchmarkGrid = ScenarioGrid(spotShocks: (0..<21).map { -0.15 + Double($0) * 0.015 }, volShocks: [-0.25, 0, 0.25]).scenarios

    /// Seconds per call of `body`, after three warm-up calls, over at least `seconds`.
    static func measure(seconds minimum: Double, _ body: () -> Double) -> Double {
        var checksum = 0.0
        for _ in 0..<3 { checksum += body() }
        let clock = ContinuousClock()
        var rounds = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            checksum += body()
            rounds += 1
            let duration = clock.now - start
            elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        } while elapsed < minimum
        // The checksum keeps the work from being optimized away.
        if checksum.isNaN { FileHandle.standardError.write(Data("NaN checksum\n".utf8)) }
        return elapsed / Double(rounds)
    }

    /// Full-book re-margin: ACCOUNTS stored accounts of 10 positions (the margin-10 portfolio,
    /// sizes and cash varied per account, portfolio mode), one BTC tick, every account
    /// re-margined on all cores; then health requests in process, and peak RSS.
    static func monitor(accounts count: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(dataDirectory: directory)
        let template = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: "bench/margin-10.json"))))
        guard case .array(let positions)? = template["positions"] else { throw BenchError("bench/margin-10.json has no positions") }
        let clock = ContinuousClock()
        var generator = SeededRandom(seed: 7)
        let storing = try clock.measure {
            try store.write { transaction in
                for index in 0..<count {
                    let scale = 0.25 + Double(generator.next() % 1_000) / 500
                    let scaled = positions.map { position -> JSONValue in
                        guard case .object(var object) = position, case .number(let size)? = object["size"] else { return position }
                        object["size"] = .number(size * scale)
                        return .object(object)
                    }
                    let document: JSONValue = .object(JSONObject([
                        ("cash", .number(100_000 + Double(generator.next() % 400_000))),
                        ("collateral", template["collateral"] ?? .array([])),
                        ("positions", .array(scaled)),
                        ("mode", .string("portfolio")),
                    ]))
                    try transaction.accounts.save(id: "acct-\(index)", document: document, now: 0)
                }
            }
        }
        let prices = ManualPriceSource(["BTC": 90_000, "ETH": 3_100, "USDC": 1])
        let api = BulwarkAPI(now: { Timestamp(iso8601: "2026-12-01T08:00:00Z")! }, store: store, priceSource: prices)
        guard let monitor = api.monitor else { throw BenchError("no monitor") }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let loading = try clock.measure { try monitor.load() }
        prices.set("BTC", 90_090)
        var remargined = 0
        let tick = clock.measure { remargined = monitor.tick() }
        // Later ticks: the first after a load pays for pages touched for the first time.
        // Profiling aid: BENCH_TICKS=n, n ticks alone (no health reads).
        let profiledTicks = ProcessInfo.processInfo.environment["BENCH_TICKS"].flatMap(Int.init)
        var later: [Double] = []
        var allocations: [UInt64] = []
        for step in 0..<(profiledTicks ?? 5) {
            prices.set("BTC", 90_000 + Double(step % 2 == 0 ? 45 : -45))
            let before = bench_allocation_count()
            later.append(seconds(clock.measure { monitor.tick() }))
            allocations.append(bench_allocation_count() - before)
        }
        later.sort()
        allocations.sort()
        let router = api.router
        var headers = HTTPHeaders()
        headers.add("Host", "bench")
        let polled = profiledTicks == nil ? min(count, 2_000) : 0
        let health = (0..<polled).map { HTTPRequest(method: .get, target: "/v1/accounts/acct-\($0 * (count / polled))/health", headers: headers) }
        // The first read of an account after a tick computes its liquidation prices; later polls are served from the state.
        var statuses = 0
        let cold = clock.measure { for request in health { statuses &+= router.handle(request).status.rawValue } }
        let requests = profiledTicks == nil ? 20_000 : 0
        let warm = clock.measure { for index in 0..<requests { statuses &+= router.handle(health[index % polled]).status.rawValue } }
        print("{\"benchmark\":\"monitor\",\"accounts\":\(count),\"positionsPerAccount\":\(positions.count),"
            + "\"storeSeconds\":\(String(format: "%.2f", seconds(storing))),\"loadAndMarginSeconds\":\(String(format: "%.3f", seconds(loading))),"
            + "\"tickRemargined\":\(remargined),\"tickSeconds\":\(String(format: "%.3f", seconds(tick))),"
            + "\"laterTickSeconds\":{\"best\":\(String(format: "%.3f", later.first ?? 0)),\"median\":\(String(format: "%.3f", later.isEmpty ? 0 : later[later.count / 2]))},"
            + "\"allocationsPerTick\":\(allocations.isEmpty ? 0 : allocations[allocations.count / 2]),"
            + "\"cores\":\(ProcessInfo.processInfo.activeProcessorCount),"
            + "\"healthFirstReadMicroseconds\":\(String(format: "%.1f", seconds(cold) / Double(max(polled, 1)) * 1e6)),"
            + "\"healthRequestsPerSecondOneCore\":\(Int(Double(requests) / max(seconds(warm), 1e-9))),"
            + "\"residentRSSMegabytes\":\(residentMegabytes("VmRSS:")),\"peakRSSMegabytes\":\(residentMegabytes("VmHWM:"))}")
    }

    /// A memory figure of this process from /proc/self/status (VmRSS: now, VmHWM: peak), in MiB.
    static func residentMegabytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return -1 }
        return kilobytes / 1024
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
