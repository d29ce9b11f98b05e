import RiskCore

/// `OptionBlock`'s pricing compiled for `skylake-avx512` (x86-64-v4: a block of eight doubles in
/// one AVX-512 register). Built with `-target-cpu skylake-avx512`; used only when the processor
/// and the operating system support it.
public enum AVX512Kernel {
    public static let kernel = ScenarioKernel(name: "x86-64-v4 (AVX-512)", pnl: { OptionBlock.pnl($0, $1) },
                                              scenarioPnl: { OptionBlock.scenarioPnl($0, $1) })
}
