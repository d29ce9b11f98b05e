import CProcessorFeatures
import RiskCore
import ScenarioKernelAVX2
import ScenarioKernelAVX512

/// The scenario kernels this processor can run, widest first: the one place that asks the
/// machine, so the risk core receives its kernel as a value.
public enum ScenarioKernels {
    /// Every kernel that runs here, the baseline last.
    public static let available: [ScenarioKernel] = {
        var kernels: [ScenarioKernel] = []
        if bulwark_supports_x86_64_v4() != 0 { kernels.append(AVX512Kernel.kernel) }
        if bulwark_supports_x86_64_v3() != 0 { kernels.append(AVX2Kernel.kernel) }
        return kernels + [.baseline]
    }()

    /// The widest kernel this processor runs. The figures are the same from every kernel.
    public static var fastest: ScenarioKernel { available[0] }
}
