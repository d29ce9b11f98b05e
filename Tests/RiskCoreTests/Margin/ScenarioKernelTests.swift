import Foundation
import Testing
import ScenarioKernels
@testable import RiskCore

@Suite struct ScenarioKernelTests {
    /// The wide kernels compile the same IEEE operations in the same order: their P&L must be
    /// the baseline's to the bit, so a margin figure never depends on the machine, and eight
    /// scenarios at a time must give the bits of eight options at a time, so it never depends
    /// on which order a book's size picks.
    @Test func everyKernelGivesTheBaselinesBits() throws {
        let kernels = ScenarioKernels.available
        #expect(kernels.last?.name == ScenarioKernel.baseline.name)
        var generator = SplitMix64(seed: 11)
        var grid = RiskParameters.standardDefaults.underlyings["BTC"]!.portfolio.grid.scenarios
        grid += [Scenario(spotShock: -0.6, volShock: 1.5, weight: 1), Scenario(spotShock: 1.0, volShock: -0.5, weight: 1),
                 Scenario(spotShock: 0, volShock: -1, weight: 1)]
        var compared = 0
        for count in [1, 3, 8, 13, 64, 100, 257] {
            var positions: [Position] = []
            for index in 0..<count {
                // Expired, minutes-to-expiry, far-from-the-money and zero-vol options included.
                let seconds = index % 17 == 0 ? 30 : Int64(generator.uniform(60, 2 * 365 * 86_400))
                let kind: InstrumentKind = generator.uniform(0, 1) < 0.5 ? .call : .put
                let strike = index % 11 == 0 ? generator.uniform(100, 1_000) : generator.uniform(5_000, 300_000)
                positions.append(Position(instrument: .option("BTC", kind, strike: strike.rounded(),
                                                              expiry: TestPortfolios.asOf.adding(seconds: seconds)),
                                          size: generator.uniform(-10, 10), markIv: index % 13 == 0 ? 0.0001 : generator.uniform(0.05, 3.0)))
            }
            let valued = try PortfolioValuer(parameters: .standardDefaults).value(
                Portfolio(positions: positions), market: MarketData(["BTC": AssetMarket(spot: 60_000)]),
                asOf: TestPortfolios.asOf, scenarioUnderlyings: ["BTC"])
            let baseline = ScenarioEngine(underlying: "BTC", valued: valued, kernel: .baseline)
            for kernel in kernels {
                let engine = ScenarioEngine(underlying: "BTC", valued: valued, kernel: kernel)
                // Eight options under a scenario, and each option under eight scenarios (the grid's last chunk part empty).
                for (scenario, eightScenarios) in zip(grid, engine.pnlEightScenariosAtATime(grid)) {
                    let expected = baseline.pnl(under: scenario)
                    let actual = engine.pnl(under: scenario)
                    #expect(actual.bitPattern == expected.bitPattern, "\(kernel.name), \(count) options, \(scenario): \(actual) vs \(expected)")
                    #expect(eightScenarios.bitPattern == expected.bitPattern, "\(kernel.name), \(count) options, \(scenario): \(eightScenarios) vs \(expected)")
                    #expect(expected.isFinite)
                    compared += 1
                }
            }
        }
        #expect(compared == 7 * kernels.count * grid.count)
    }

    /// The probe agrees with what the kernel reads from /proc/cpuinfo: a wide kernel is offered
    /// only where its instructions exist.
    @Test func theProbeOffersOnlyWhatTheProcessorHas() throws {
        let names = ScenarioKernels.available.map(\.name)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
            // No x86 flags (another architecture, or no /proc): only the baseline may run.
            #expect(names == [ScenarioKernel.baseline.name], "kernels \(names) without x86 flags")
            return
        }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        let v3 = ["avx2", "fma", "bmi1", "bmi2", "movbe", "f16c", "abm"].allSatisfy(flags.contains)
        let v4 = v3 && ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains)
        #expect(names.contains { $0.hasPrefix("x86-64-v3") } == v3, "flags say v3 = \(v3), kernels \(names)")
        #expect(names.contains { $0.hasPrefix("x86-64-v4") } == v4, "flags say v4 = \(v4), kernels \(names)")
        #expect(ScenarioKernels.fastest.name == names[0])
    }
}
