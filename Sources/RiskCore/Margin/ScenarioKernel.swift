/// The code that revalues blocks of options under a scenario: this module's build, or the same
/// `@inlinable` source compiled by a module for wider vector units (AVX2, AVX-512), which the
/// service picks at start from the processor's features and hands in as a value. The core
/// never asks the machine. Every kernel gives the same bits (`OptionBlock`), so the choice
/// changes speed only, never a margin figure.
public struct ScenarioKernel: Sendable {
    /// What the kernel was built for, for logs and benchmarks.
    public let name: String
    /// Options packed eight to a block, under one scenario (`OptionBlock.pnl`).
    @usableFromInline let pnl: @Sendable ([OptionBlock], ScenarioFactors) -> Double
    /// Options broadcast one to a block, under eight scenarios (`OptionBlock.scenarioPnl`).
    @usableFromInline let scenarioPnl: @Sendable ([OptionBlock], ScenarioFactors) -> OptionBlock.Lanes

    public init(name: String, pnl: @escaping @Sendable ([OptionBlock], ScenarioFactors) -> Double,
                scenarioPnl: @escaping @Sendable ([OptionBlock], ScenarioFactors) -> OptionBlock.Lanes) {
        self.name = name
        self.pnl = pnl
        self.scenarioPnl = scenarioPnl
    }

    /// This module's build: runs on any processor of the architecture (SSE2 on x86-64).
    public static let baseline = ScenarioKernel(name: "baseline", pnl: { OptionBlock.pnl($0, $1) },
                                                scenarioPnl: { OptionBlock.scenarioPnl($0, $1) })
}
