import RiskCore

/// `OptionBlock`'s pricing compiled for `haswell` (x86-64-v3: four doubles per AVX2 register).
/// This module is built with `-target-cpu haswell` and only its kernel value leaves it; the
/// service hands it to the core only when the processor says it can run it.
public enum AVX2Kernel {
    public static let kernel = ScenarioKernel(name: "x86-64-v3 (AVX2)", pnl: { OptionBlock.pnl($0, $1) },
                                              scenarioPnl: { OptionBlock.scenarioPnl($0, $1) })
}
