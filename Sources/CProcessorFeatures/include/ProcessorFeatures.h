#ifndef BULWARK_PROCESSOR_FEATURES_H
#define BULWARK_PROCESSOR_FEATURES_H

/// 1 when the processor and the operating system support what code built for `haswell`
/// (x86-64-v3: AVX2, FMA, BMI1/2, LZCNT, MOVBE, F16C) may use; 0 otherwise or off x86-64.
int bulwark_supports_x86_64_v3(void);

/// 1 when code built for `skylake-avx512` (x86-64-v4: AVX-512 F, CD, BW, DQ, VL on top of v3)
/// may run: the instructions and the operating system saving the AVX-512 state.
int bulwark_supports_x86_64_v4(void);

#endif
