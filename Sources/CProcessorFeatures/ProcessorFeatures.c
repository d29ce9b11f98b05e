#include "ProcessorFeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>

// Our own CPUID and XGETBV reads: the compiler's __builtin_cpu_supports bits depend on which
// runtime (libgcc or compiler-rt) the binary is linked with.
static unsigned long long xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

int bulwark_supports_x86_64_v3(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int leaf1 = (1u << 12) | (1u << 22) | (1u << 23) | (1u << 27) | (1u << 28) | (1u << 29); // FMA MOVBE POPCNT OSXSAVE AVX F16C
    if ((ecx & leaf1) != leaf1) return 0;
    if ((xcr0() & 0x6) != 0x6) return 0; // the OS saves SSE and AVX state
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int leaf7 = (1u << 3) | (1u << 5) | (1u << 8); // BMI1 AVX2 BMI2
    if ((ebx & leaf7) != leaf7) return 0;
    if (!__get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & (1u << 5)) != 0; // LZCNT
}

int bulwark_supports_x86_64_v4(void) {
    if (!bulwark_supports_x86_64_v3()) return 0;
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31); // F DQ CD BW VL
    if ((ebx & avx512) != avx512) return 0;
    return (xcr0() & 0xE6) == 0xE6; // and opmask, upper ZMM and ZMM16-31 state
}
#else
int bulwark_supports_x86_64_v3(void) { return 0; }
int bulwark_supports_x86_64_v4(void) { return 0; }
#endif
